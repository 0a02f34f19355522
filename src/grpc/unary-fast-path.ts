import type http2 from "node:http2";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { compressionBrotli, compressionGzip } from "@connectrpc/connect-node";
import { ManagementService, invokeRpc, isMockedRpc, type MockedRpcName } from "../api/management-api.js";
import { MAX_MESSAGE_BYTES, MessageTooLargeError } from "../api/message-limits.js";
import { currentCall, runSyncCall, type ControlledCall } from "../control/call-context.js";
import { journalBodiesFromBinary } from "../control/observe-rpc.js";
import type { Instance } from "../core/instance.js";
import { createCompatBridge, type StreamHandler } from "../server/http2-streams.js";
import { grpcGoErrorTrailers } from "./grpc-errors.js";
import { grpcGoResponseHeaders } from "./grpc-go-headers.js";
import { credentialsOf } from "./management-routes.js";
import { respondWithTrailers } from "./respond-headers.js";

/** The request content types the fast path serves (the binary codec; `+json` stays connect-node's). */
const BINARY_CONTENT_TYPES = new Set(["application/grpc", "application/grpc+proto"]);

/** connect-node's response compressions, in its order, and the size from which it compresses. */
const COMPRESSIONS = [compressionGzip, compressionBrotli];
const COMPRESS_MIN_BYTES = 1024;

const PATH_PREFIX = `/${ManagementService.typeName}/`;

/** The mocked RPC a request path names, by its gRPC method name (`/…ManagementService/GetOrgMetadata`). */
const RPC_BY_PATH: ReadonlyMap<string, MockedRpcName> = new Map(
  ManagementService.methods
    .filter((method) => isMockedRpc(method.localName))
    .map((method) => [`${PATH_PREFIX}${method.name}`, method.localName as MockedRpcName]),
);

/**
 * The unary call this path serves in full: native gRPC (POST, HTTP/2) to a mocked RPC, the binary
 * codec, no request compression, no deadline, no `Expect`. Everything else (gRPC-web, `+json`,
 * `grpc-encoding`, `grpc-timeout`, unknown methods) is connect-node's, as before (decisions 024, 031).
 */
const fastRpcOf = (headers: http2.IncomingHttpHeaders): MockedRpcName | undefined => {
  if (headers[":method"] !== "POST" || !BINARY_CONTENT_TYPES.has(headers["content-type"] ?? "")) return undefined;
  const encoding = headers["grpc-encoding"];
  if ((encoding !== undefined && encoding !== "identity") || headers["grpc-timeout"] !== undefined || headers.expect !== undefined) return undefined;
  return RPC_BY_PATH.get(headers[":path"] ?? "");
};

/** connect-node's choice of response compression: the first of the client's `grpc-accept-encoding` it has. */
const responseCompression = (headers: http2.IncomingHttpHeaders) => {
  // HTTP/2 gives a repeated header joined into one string already.
  const accepted = headers["grpc-accept-encoding"] as string | undefined;
  if (accepted === undefined || accepted === "") return undefined;
  for (const name of accepted.split(",")) {
    const found = COMPRESSIONS.find((compression) => compression.name === name.trim());
    if (found) return found;
  }
  return undefined;
};

/** The one message of a unary request body: exactly one uncompressed, complete frame, else undefined. */
const singleMessage = (body: Buffer): Buffer | undefined => {
  if (body.length < 5 || body[0] !== 0) return undefined;
  const length = body.readUInt32BE(1);
  return body.length === 5 + length ? body.subarray(5) : undefined;
};

const frame = (flags: number, message: Uint8Array): Buffer => {
  const framed = Buffer.allocUnsafe(5 + message.length);
  framed[0] = flags;
  framed.writeUInt32BE(message.length, 1);
  framed.set(message, 5);
  return framed;
};

const ignore = (): void => undefined;

const OK_TRAILERS = { "grpc-status": "0" };

/**
 * Native gRPC unary calls to the mocked RPCs on HTTP/2's stream API (decisions 024, 031): no
 * compatibility request and response, no connect-node. The request frame is read and decoded here,
 * the same pipeline runs (`invokeRpc`: size limit, authorization, validation, journal and fault
 * hooks, in the controlled call current when the stream arrived), and the answer is written as
 * connect-node writes it, with grpc-go's response headers. A body that is not one complete
 * uncompressed frame within grpc-go's 4 MiB limit is handed to `connect` as Node's compatibility
 * request and response, with the bytes read so far, so its answers (missing or extra messages,
 * incomplete envelopes, the read limit) stay connect-node's exactly.
 */
export const createUnaryStreamPath = (
  instance: Instance,
  connect: (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void,
): StreamHandler => {
  /** What each stream being handed over still needs done with its compatibility objects. */
  const handingOver = new WeakMap<http2.ServerHttp2Stream, (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void>();
  const toCompat = createCompatBridge((req, res) => {
    const stream = (req as http2.Http2ServerRequest).stream;
    handingOver.get(stream)?.(req as http2.Http2ServerRequest, res as http2.Http2ServerResponse);
    handingOver.delete(stream);
  });
  return (stream, headers, flags, rawHeaders, body) => {
    const rpc = fastRpcOf(headers);
    if (rpc === undefined) return false;
    const call = currentCall();
    const chunks: Buffer[] = [];
    let read = 0;
    let headRead = false;

    /** To connect-node with what was read: pushed into the compatibility request, the rest follows from the stream. */
    const handOver = (ended: boolean): void => {
      stream.off("readable", onReadable);
      stream.off("end", onEnd);
      // What was read stays counted; what follows is counted as Node hands it to the stream.
      if (!ended) body.countPushes(stream);
      handingOver.set(stream, (req, res) => {
        // No call goes with the request: every body handed over is refused before the pipeline (grpc-go's
        // size and flags checks, connect-node's envelope and decoding errors), so no fault rule applies,
        // and the journal takes the rpc from the path and the code from the trailers sent.
        for (const chunk of chunks) req.push(chunk);
        if (ended) req.push(null);
        connect(req, res);
      });
      toCompat(stream, headers, flags, rawHeaders);
    };
    const onReadable = (): void => {
      let chunk: Buffer | null;
      while ((chunk = stream.read() as Buffer | null) !== null) {
        chunks.push(chunk);
        read += chunk.length;
        body.count(chunk.length);
        // A compressed frame, or one past grpc-go's limit: connect-node reads on and answers as it does.
        if (!headRead && read >= 5) {
          headRead = true;
          const head = chunks.length === 1 ? chunk : Buffer.concat(chunks, read);
          if (head[0] !== 0 || head.readUInt32BE(1) > MAX_MESSAGE_BYTES) return handOver(false);
        }
        if (read > 5 + MAX_MESSAGE_BYTES) return handOver(false);
      }
    };
    const onEnd = (): void => {
      body.release(); // complete: no longer an unfinished body
      const received = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, read);
      const bytes = singleMessage(received);
      const method = ManagementService.method[rpc];
      let request;
      try {
        if (bytes === undefined) throw new Error("not one message");
        request = fromBinary(method.input, bytes);
      } catch {
        return handOver(true);
      }
      const credentials = credentialsOf((name) => headers[name] as string | undefined);
      // The pipeline runs synchronously: the call is current while it runs (decisions 037, 040).
      serve(stream, headers, call, () =>
        runSyncCall(call, () => {
          let encoded: Uint8Array | undefined;
          try {
            encoded = toBinary(method.output, invokeRpc(instance, rpc, request as never, credentials) as never);
            return encoded;
          } finally {
            journalBodiesFromBinary(method.input, bytes, method.output, encoded);
          }
        }),
      );
    };
    stream.on("error", ignore);
    stream.on("readable", onReadable);
    stream.on("end", onEnd);
    return true;
  };
};

/** Runs the call and writes its answer, held or dropped as fault rules say. */
const serve = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, call: ControlledCall | undefined, run: () => Uint8Array): void => {
  const contentType = headers["content-type"]!;
  const compression = responseCompression(headers);
  // As the call passes ZITADEL's no-cache interceptor: its `expires` is now, whenever the answer goes.
  const answerHeaders = grpcGoResponseHeaders(contentType, compression?.name, true);
  const send = (write: () => void): void => (call ? call.send(write) : write());
  // An error as grpc-go writes it: headers, no message, the status in the trailers (connect's own
  // rendering); the no-cache interceptor's headers unless grpc-go refused the message before it.
  const sendError = (error: unknown): void => {
    const trailers = grpcGoErrorTrailers(error);
    const errorHeaders = grpcGoResponseHeaders(contentType, undefined, !(error instanceof MessageTooLargeError));
    send(() => respondWithTrailers(stream, errorHeaders, undefined, trailers));
  };
  let message: Uint8Array;
  try {
    message = run();
  } catch (error) {
    return sendError(error);
  }
  if (!compression || message.length < COMPRESS_MIN_BYTES) return send(() => respondWithTrailers(stream, answerHeaders, frame(0, message), OK_TRAILERS));
  compression.compress(message).then((compressed) => send(() => respondWithTrailers(stream, answerHeaders, frame(1, compressed), OK_TRAILERS)), sendError);
};
