import type http from "node:http";
import type net from "node:net";
import { type ErrorDefinition, Errors, ZitadelError } from "../core/errors.js";
import { errorBody } from "../rest/rest-responses.js";

/** Node's parser and timeout errors (`clientError`) -> the HTTP status and the error the client gets. */
const answerFor = (code: string | undefined): readonly [number, string, ErrorDefinition] => {
  if (code === "HPE_HEADER_OVERFLOW") return [431, "Request Header Fields Too Large", Errors.requestHeadersTooLarge];
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return [408, "Request Timeout", Errors.requestTimeout];
  return [400, "Bad Request", Errors.badRequest];
};

/**
 * An HTTP/1.1 request Node's parser refused (malformed bytes, headers too large, too slow): answered
 * as the REST gateway answers errors, a JSON body in ZITADEL's shape, instead of Node's empty one;
 * then the connection is closed. A connection that already has a response under way is just closed.
 */
export const answerParserError = (error: Error & { code?: string }, socket: net.Socket): void => {
  const inProgress = (socket as net.Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (!socket.writable || inProgress) {
    socket.destroy();
    return;
  }
  const [status, reason, definition] = answerFor(error.code);
  const body = JSON.stringify(errorBody(new ZitadelError(definition)));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  socket.destroySoon?.();
};

/**
 * An HTTP/1.x connection whose request line claims another version (`HTTP/2.0`, `HTTP/9.9`): Node's
 * parser accepts it, but the request is no HTTP/2 request (that needs the preface). 400, JSON.
 */
export const answerWrongHttpVersion = (req: http.IncomingMessage, res: http.ServerResponse): void => {
  req.resume();
  res.writeHead(400, { "content-type": "application/json", connection: "close" });
  res.end(JSON.stringify(errorBody(new ZitadelError(Errors.badRequest))));
};
