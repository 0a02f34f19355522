import http from "node:http";
import type http2 from "node:http2";

/** Connection-specific headers that HTTP/2 forbids and HTTP/1.1 hop-by-hop headers. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te", "host"]);

export interface ListeningAddress {
  readonly host: string;
  readonly port: number;
}

/** A wildcard bind address is reached over loopback. */
const loopbackFor = (host: string): string => (host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host);

/**
 * Express works on HTTP/1 request objects only, so REST over h2c (ZITADEL serves it) is forwarded to
 * the mock's own port over HTTP/1.1 on loopback, and the answer is streamed back. The REST app thus
 * sees one kind of request, whatever the client spoke.
 */
export const createHttp2RestBridge = (ownAddress: () => ListeningAddress | undefined) => {
  const agent = new http.Agent({ keepAlive: true });
  return (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse): void => {
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
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  };
};
