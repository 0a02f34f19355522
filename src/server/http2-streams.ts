import http2 from "node:http2";
import type { CountedBody } from "./body-budget.js";
import type { NodeRequest, NodeResponse } from "./node-http.js";

/**
 * Serves an HTTP/2 stream on Node's stream API (decision 031), or leaves it (false): it is then
 * handed to the request handler as Node's compatibility request and response. Decided when the
 * stream's headers arrive; a stream once taken is the handler's to answer, and the body bytes it
 * holds are counted by it into `body` (the server's body budget, decision 037), or by `push` once it
 * calls `body.countPushes(stream)` (handing the stream to a reader that is fed by `push`).
 */
export type StreamHandler = (
  stream: http2.ServerHttp2Stream,
  headers: http2.IncomingHttpHeaders,
  flags: number,
  rawHeaders: string[],
  body: CountedBody,
) => boolean;

/** Leaves every stream to the compatibility layer. */
export const noStreams: StreamHandler = () => false;

/** The status an answered stream sent (`:status`), 0 before its headers. */
export const sentStatus = (stream: http2.ServerHttp2Stream): number => Number(stream.sentHeaders?.[":status"] ?? 0);

/** The gRPC status an answered stream sent, in its trailers or (trailers-only) its headers. */
export const sentGrpcStatus = (stream: http2.ServerHttp2Stream): number | undefined => {
  const value = stream.sentTrailers?.["grpc-status"] ?? stream.sentHeaders?.["grpc-status"];
  return value === undefined ? undefined : Number(value);
};

/**
 * After `close`: the response was cut off rather than sent in full (as `wasAbandoned` for responses):
 * not all written, or the stream reset by either side. A client's reset in the middle of the request
 * body comes as the body's end first (its answer may even be written, onto the reset stream), so only
 * the close code tells it; the mock's own `closeWhenSent` closes with NO_ERROR, an answered stream.
 */
export const streamAbandoned = (stream: http2.ServerHttp2Stream): boolean =>
  !stream.writableFinished || stream.aborted || (stream.rstCode !== undefined && stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR);

/**
 * Turns streams into Node's compatibility request and response with Node's own code: an HTTP/2
 * server that never listens, to which the stream is given through its documented `stream` event, as
 * a listening server gives it (Node then builds the objects, handles CONNECT and `Expect` as it does,
 * and emits `request`). `listener` gets what Node emits; a server whose request listener is added
 * makes those objects for every stream, which is what the stream API path avoids. Returns the
 * function that hands a stream over.
 */
export const createCompatBridge = (listener: (req: NodeRequest, res: NodeResponse) => void) => {
  const bridge = http2.createServer(listener);
  return (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, flags: number, rawHeaders: string[]): void =>
    void bridge.emit("stream", stream, headers, flags, rawHeaders);
};
