import type http from "node:http";
import http2 from "node:http2";
import type { NodeRequest, NodeResponse } from "../server/node-http.js";
import { Errors } from "../core/errors.js";
import { answeredByGrpcGo, grpcGoAnswerFields, grpcGoResponseHeaders } from "./grpc-go-headers.js";
import { encodeGrpcMessage } from "./grpc-message-encoding.js";
import { respondWithTrailers } from "./respond-headers.js";


const UNIMPLEMENTED = 12;

const isGrpcRequest = (req: NodeRequest): boolean => req.method === "POST" && /^application\/grpc/.test(req.headers["content-type"] ?? "");

/**
 * A status and no message. What ZITADEL's grpc-go answers (answeredByGrpcGo) gets its headers, then
 * the status in the trailers: grpc-go's `ServeHTTP` never sends a trailers-only answer (decision
 * 045). Anything else (gRPC-web, the v2 services' connect-go, gRPC over HTTP/1.1) gets a
 * trailers-only answer, the status in the response headers.
 */
const answerStatus = (req: NodeRequest, res: NodeResponse, code: number, message: string): void => {
  req.resume();
  const contentType = req.headers["content-type"] ?? "application/grpc";
  // Trailers sorted by name, as Go's HTTP/2 server writes them.
  const status = { "grpc-message": encodeGrpcMessage(message), "grpc-status": String(code) };
  if (answeredByGrpcGo(req.httpVersionMajor, contentType, req.url)) {
    (res as http2.Http2ServerResponse).sendDate = false;
    (res as http.ServerResponse).writeHead(200, { "content-type": contentType, ...grpcGoAnswerFields() });
    res.addTrailers(status);
  } else {
    (res as http.ServerResponse).writeHead(200, { "content-type": contentType, ...status });
  }
  res.end();
};

/**
 * grpc-go's answer to a service or method the server does not have: UNIMPLEMENTED with
 * "unknown service X" / "unknown method M for service X".
 */
export const answerUnknownRpc = (req: NodeRequest, res: NodeResponse, knownServices: readonly string[]): void => {
  const [, service = "", method = ""] = /^\/([^/]*)\/([^/?]*)/.exec(req.url ?? "") ?? [];
  const message = knownServices.includes(service) ? `unknown method ${method} for service ${service}` : `unknown service ${service}`;
  answerStatus(req, res, UNIMPLEMENTED, message);
};

/** The gRPC-web content types connect-node serves: binary, with the proto or JSON codec. */
const SERVED_GRPC_WEB = /^application\/grpc-web(?:\+proto|\+json)?\s*(?:;|$)/i;

/** A gRPC-web request in a format connect-node does not serve (the text mode, another codec such as `+xml`). */
export const isUnservedGrpcWebFormat = (req: NodeRequest): boolean => {
  const contentType = req.headers["content-type"] ?? "";
  return contentType.startsWith("application/grpc-web") && !SERVED_GRPC_WEB.test(contentType);
};

/**
 * ZITADEL accepts gRPC-web's base64 text mode; connect-node does not, nor codecs other than proto
 * and JSON. Rather than connect's bare 415, the client gets a gRPC-web status that says what to use.
 */
export const answerUnservedGrpcWebFormat = (req: NodeRequest, res: NodeResponse): void => {
  const contentType = req.headers["content-type"] ?? "";
  const what = contentType.startsWith("application/grpc-web-text")
    ? "the gRPC-web text format (application/grpc-web-text)"
    : `the gRPC-web content type ${contentType.split(";")[0]}`;
  answerStatus(req, res, UNIMPLEMENTED, `zitadel-mock does not support ${what}; send application/grpc-web+proto`);
};

/** `grpc-timeout` (gRPC over HTTP/2 spec: up to 8 digits and a unit) in milliseconds. */
const TIMEOUT_UNIT_MS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 1e-3, n: 1e-6 };
export const parseGrpcTimeout = (value: string | undefined): number | undefined => {
  const match = /^(\d{1,8})([HMSmun])$/.exec(value ?? "");
  return match ? Number(match[1]) * TIMEOUT_UNIT_MS[match[2]!]! : undefined;
};

/**
 * Honours a gRPC (or gRPC-web) call's `grpc-timeout` from the moment the request arrives, simulated
 * delay included: still waiting (simulated delay) by then, the call ends with DEADLINE_EXCEEDED in
 * grpc-go's words. connect-node applies the deadline to the handler only, and answers it from there on.
 */
export const armGrpcDeadline = (req: NodeRequest, res: NodeResponse): void => {
  const timeoutMs = isGrpcRequest(req) ? parseGrpcTimeout(req.headers["grpc-timeout"] as string | undefined) : undefined;
  if (timeoutMs === undefined) return;
  // Past what a timer holds (about 24.8 days, e.g. `99999999H`): no deadline, as for grpc-go. Node
  // would fire such a timer after 1 ms, connect-node's too: it does not see the header either.
  if (timeoutMs > 2 ** 31 - 1) {
    delete req.headers["grpc-timeout"];
    return;
  }
  const timer = setTimeout(() => {
    // A call whose handler has started reading it gets connect-node's own deadline answer.
    if (res.writableEnded || res.headersSent || req.readableDidRead || req.readableFlowing !== null) return;
    answerStatus(req, res, Errors.deadlineExceeded.code, Errors.deadlineExceeded.message);
  }, timeoutMs);
  res.once("close", () => clearTimeout(timer));
};

/**
 * The answer to a request whose handler threw (a bug of the mock): ZITADEL's Internal error, as a gRPC
 * status for gRPC and gRPC-web, as the REST gateway's JSON otherwise; a response already under way is cut off.
 */
export const answerInternalError = (req: NodeRequest, res: NodeResponse): void => {
  if (res.headersSent || res.writableEnded) {
    res.destroy();
    return;
  }
  if (isGrpcRequest(req)) {
    answerStatus(req, res, Errors.internal.code, Errors.internal.message);
    return;
  }
  req.resume();
  (res as http.ServerResponse).writeHead(500, { "content-type": "application/json" });
  res.end(JSON.stringify({ code: Errors.internal.code, message: Errors.internal.message }));
};

/**
 * Runs a request's handler so that a bug of the mock (a throw) cannot end the process: the client
 * gets Internal (answerInternalError), the log the error.
 */
export const handleOrAnswerInternal = (handler: (req: NodeRequest, res: NodeResponse) => void, req: NodeRequest, res: NodeResponse): void => {
  try {
    handler(req, res);
  } catch (error) {
    console.error("zitadel-mock: request handler failed:", error);
    answerInternalError(req, res);
  }
};

/**
 * As answerInternalError, for a stream served on the stream API (decision 031): Internal in
 * grpc-go's form (headers, then the status in the trailers); a response already under way is reset.
 */
export const answerStreamInternalError = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void => {
  if (stream.destroyed) return;
  if (stream.headersSent) {
    stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
    return;
  }
  stream.resume();
  const status = { "grpc-message": encodeGrpcMessage(Errors.internal.message), "grpc-status": String(Errors.internal.code) };
  respondWithTrailers(stream, grpcGoResponseHeaders(headers["content-type"] ?? "application/grpc", undefined, false), undefined, status);
};
