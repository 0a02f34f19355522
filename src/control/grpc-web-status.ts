import { Buffer } from "node:buffer";
// Loaded with the transports (connect-node's gRPC-web handler loads the same module), never on the start path.
import { trailerFlag, trailerParse } from "@connectrpc/connect/protocol-grpc-web";

/** gRPC-web's envelope: a flags byte, a 4-byte big-endian length, the payload; `trailerFlag` (0x80) marks the trailers. */
const PREFIX_BYTES = 5;
/** Trailers beyond this are not kept (a status line is a few dozen bytes). */
const TRAILER_LIMIT = 8192;

/**
 * Follows a gRPC-web response body as it is written, chunk by chunk, and reads the `grpc-status` of
 * its trailer frame: what the client got when the status travels in the body, not in headers (an
 * error connect-node answers before the RPC pipeline runs). Keeps nothing of the data frames.
 */
export class GrpcWebStatusReader {
  private prefix: number[] = [];
  private remaining = 0;
  private inTrailer = false;
  private trailer: Buffer[] = [];
  private trailerBytes = 0;
  status: number | undefined;

  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining === 0 && this.prefix.length < PREFIX_BYTES) {
        this.prefix.push(chunk[at++]!);
        if (this.prefix.length === PREFIX_BYTES) this.startFrame();
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - at);
      if (this.inTrailer) {
        // Past the limit the frame is not read at all (no text with a gap in it).
        this.trailerBytes += take;
        if (this.trailerBytes <= TRAILER_LIMIT) this.trailer.push(Buffer.from(chunk.subarray(at, at + take)));
      }
      at += take;
      this.remaining -= take;
      if (this.remaining === 0) this.endFrame();
    }
  }

  private startFrame(): void {
    const [flags, ...length] = this.prefix;
    this.inTrailer = (flags! & trailerFlag) !== 0;
    this.remaining = ((length[0]! << 24) | (length[1]! << 16) | (length[2]! << 8) | length[3]!) >>> 0;
    if (this.remaining === 0) this.endFrame();
  }

  private endFrame(): void {
    if (this.inTrailer && this.trailerBytes <= TRAILER_LIMIT) {
      const status = statusOf(Buffer.concat(this.trailer));
      if (status !== null && /^\d+$/.test(status)) this.status = Number(status);
    }
    this.prefix = [];
    this.inTrailer = false;
    this.trailer = [];
    this.trailerBytes = 0;
  }
}

/** The trailer's `grpc-status`; null when absent or when the trailer does not parse (`Headers` refuses a bad name or value). */
const statusOf = (trailer: Uint8Array): string | null => {
  try {
    return trailerParse(trailer).get("grpc-status");
  } catch {
    return null;
  }
};
