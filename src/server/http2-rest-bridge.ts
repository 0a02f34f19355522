import http from "node:http";
import type http2 from "node:http2";
import { wasAbandoned } from "./one-port-server.js";

/** Connection-specific headers that HTTP/2 forbids and HTTP/1.1 hop-by-hop headers. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te", "host"]);

export interface ListeningAddress {
  readonly host: string;
  readonly port: number;
}

/** A wildcard bind address is reached over loopback. */
const loopbackFor = (host: string): string => (host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host);

export interface Http2RestBridge {
  readonly handler: (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void;
  /** Ends the kept-alive loopback connections (the bridge stays usable). */
  close(): void;
}

/**
 * Express works on HTTP/1 request objects only, so REST over h2c (ZITADEL serves it) is forwarded to
 * the mock's own port over HTTP/1.1 on loopback, and the answer is streamed back. The REST app thus
 * sees one kind of request, whatever the client spoke.
 */
export const createHttp2RestBridge = (ownAddress: () => ListeningAddress | undefined): Http2RestBridge => {
  const agent = new http.Agent({ keepAlive: true });
  const handler = (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse): void => {
    const address = ownAddress();
    if (!address) {
      res.writeHead(503).end();
      return;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !name.startsWith(":") && !HOP_BY_HOP.has(name)));
    const upstream = http.request(
      { host: loopbackFor(address.host), port: address.port, method: req.method, path: req.url, headers: { ...headers, host: req.authority }, agent },
      (reply) => {
        for (const [name, value] of Object.entries(reply.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) res.setHeader(name, value);
        }
        res.writeHead(reply.statusCode ?? 502);
        reply.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (res.writableEnded) return;
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    // The client reset the stream: the HTTP/1.1 side sees its request aborted too.
    res.once("close", () => {
      if (wasAbandoned(res)) upstream.destroy();
    });
    req.pipe(upstream);
  };
  return { handler, close: () => agent.destroy() };
};
