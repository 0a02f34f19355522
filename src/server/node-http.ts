import type http from "node:http";
import type http2 from "node:http2";

/** A Node request of either HTTP version (HTTP/2 through Node's compatibility API). */
export type NodeRequest = http.IncomingMessage | http2.Http2ServerRequest;

/** A Node response of either HTTP version (express's responses are HTTP/1.1 ones). */
export type NodeResponse = http.ServerResponse | http2.Http2ServerResponse;
