import type http from "node:http";
import type http2 from "node:http2";
import inject from "light-my-request";

/** HTTP/2 pseudo-headers and connection-specific headers an HTTP/2 response must not carry. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"]);

const readBody = async (req: http2.Http2ServerRequest): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * Express works on HTTP/1 request objects only. REST over h2c (ZITADEL serves it) is replayed into the
 * express app as an in-memory HTTP/1.1 request (light-my-request), and the response is copied back.
 */
export const serveOverHttp2 =
  (app: http.RequestListener) =>
  async (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse): Promise<void> => {
    try {
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !name.startsWith(":")));
      const reply = await inject(app, {
        method: req.method as "GET",
        url: req.url,
        headers: { ...headers, host: req.authority },
        payload: await readBody(req),
      });
      for (const [name, value] of Object.entries(reply.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) res.setHeader(name, value as string | string[]);
      }
      res.writeHead(reply.statusCode);
      res.end(reply.rawPayload);
    } catch {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  };
