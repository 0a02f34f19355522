import type http from "node:http";
import type http2 from "node:http2";
import { encodeGrpcMessage } from "./grpc-message-encoding.js";

type NodeRequest = http.IncomingMessage | http2.Http2ServerRequest;
type NodeResponse = http.ServerResponse | http2.Http2ServerResponse;

const UNIMPLEMENTED = 12;

/** A trailers-only gRPC (or gRPC-web) answer: the status in the response headers, no message. */
const answerStatus = (req: NodeRequest, res: NodeResponse, code: number, message: string): void => {
  req.resume();
  (res as http.ServerResponse).writeHead(200, {
    "content-type": req.headers["content-type"] ?? "application/grpc",
    "grpc-status": String(code),
    "grpc-message": encodeGrpcMessage(message),
  });
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

export const isGrpcWebText = (req: NodeRequest): boolean => (req.headers["content-type"] ?? "").startsWith("application/grpc-web-text");

/**
 * ZITADEL accepts gRPC-web's base64 text mode; connect-node does not. Rather than connect's bare
 * 415, the client gets a gRPC-web status that says what to use instead.
 */
export const answerGrpcWebTextUnsupported = (req: NodeRequest, res: NodeResponse): void =>
  answerStatus(
    req,
    res,
    UNIMPLEMENTED,
    "zitadel-mock does not support the gRPC-web text format (application/grpc-web-text); send application/grpc-web+proto",
  );
