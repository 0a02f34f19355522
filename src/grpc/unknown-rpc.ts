import type http from "node:http";
import type http2 from "node:http2";
import { encodeGrpcMessage } from "./grpc-message-encoding.js";

/**
 * grpc-go's answer to a service or method the server does not have: a trailers-only response with
 * status UNIMPLEMENTED and "unknown service X" / "unknown method M for service X".
 */
export const answerUnknownRpc = (
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
  knownServices: readonly string[],
): void => {
  const [, service = "", method = ""] = /^\/([^/]*)\/([^/?]*)/.exec(req.url ?? "") ?? [];
  const message = knownServices.includes(service) ? `unknown method ${method} for service ${service}` : `unknown service ${service}`;
  req.resume();
  res.writeHead(200, {
    "content-type": req.headers["content-type"] ?? "application/grpc",
    "grpc-status": "12",
    "grpc-message": encodeGrpcMessage(message),
  });
  res.end();
};
