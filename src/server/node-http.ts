import type http from "node:http";
import type http2 from "node:http2";

/** A Node request of either HTTP version (HTTP/2 through Node's compatibility API). */
export type NodeRequest = http.IncomingMessage | http2.Http2ServerRequest;

/** A Node response of either HTTP version (express's responses are HTTP/1.1 ones). */
export type NodeResponse = http.ServerResponse | http2.Http2ServerResponse;

/**
 * A request header: its first value, or all of them joined by `join` (Node gives repeated HTTP/1.1
 * headers of some names as an array; HTTP/2 joins them into one string already).
 */
export const headerOf = (req: NodeRequest, name: string, join?: string): string | undefined => {
  const value = req.headers[name];
  if (!Array.isArray(value)) return value;
  return join === undefined ? value[0] : value.join(join);
};
