import { encodeEnvelope } from "@connectrpc/connect/protocol";
import { trailerFlag } from "@connectrpc/connect/protocol-grpc-web";
import { describe, expect, it } from "vitest";
import { GrpcWebStatusReader } from "./grpc-web-status.js";

const frame = (flags: number, payload: Uint8Array): Uint8Array => encodeEnvelope(flags, payload);
const trailer = (text: string) => frame(trailerFlag, new TextEncoder().encode(text));

describe("GrpcWebStatusReader", () => {
  it("reads the status of the trailer frame after a data frame, whatever the chunking", () => {
    const body = Buffer.concat([frame(0, new Uint8Array([1, 2, 3, 0x80, 0x80])), trailer("grpc-status: 13\r\ngrpc-message: parse%20binary\r\n")]);
    for (let size = 1; size <= body.length; size++) {
      const reader = new GrpcWebStatusReader();
      for (let at = 0; at < body.length; at += size) reader.push(body.subarray(at, at + size));
      expect(reader.status).toBe(13);
    }
  });

  it("knows no status while no trailer frame was written, or when it holds none", () => {
    const reader = new GrpcWebStatusReader();
    reader.push(frame(0, new TextEncoder().encode("grpc-status: 5\r\n")));
    expect(reader.status).toBeUndefined();
    reader.push(trailer("grpc-message: x\r\n"));
    expect(reader.status).toBeUndefined();
  });

  it("takes no status from a value that is not a code", () => {
    const reader = new GrpcWebStatusReader();
    reader.push(trailer("grpc-status: 1x\r\n"));
    expect(reader.status).toBeUndefined();
  });

  it("never throws on a trailer Headers refuses (a bad name, an LF-only line break): no status", () => {
    for (const text of ["bad name: 1\r\ngrpc-status: 3\r\n", "grpc-status: 3\nx: y\r\n"]) {
      const reader = new GrpcWebStatusReader();
      expect(() => reader.push(trailer(text))).not.toThrow();
      expect(reader.status).toBeUndefined();
    }
  });

  it("reads an empty data frame and a status of 0", () => {
    const reader = new GrpcWebStatusReader();
    reader.push(Buffer.concat([frame(0, new Uint8Array(0)), trailer("Grpc-Status: 0\r\n")]));
    expect(reader.status).toBe(0);
  });
});
