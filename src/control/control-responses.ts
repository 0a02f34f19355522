import type http from "node:http";
import type { RequestHandler } from "../server/one-port-server.js";

type NodeRequest = Parameters<RequestHandler>[0];
type NodeResponse = Parameters<RequestHandler>[1];

/** A state (fixture) may be large; ZITADEL's own 4 MiB message limit is no concern here. */
export const CONTROL_BODY_LIMIT = 64 * 1024 * 1024;

/** Control responses are never cached and never framed by another page; no CORS header, ever. */
const CONTROL_HEADERS = { "cache-control": "no-store", "x-content-type-options": "nosniff", "x-frame-options": "DENY" };

export const sendControlJson = (res: NodeResponse, status: number, body: unknown): void => {
  (res as http.ServerResponse).writeHead(status, { ...CONTROL_HEADERS, "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

export const sendControlError = (res: NodeResponse, status: number, code: number, message: string): void =>
  sendControlJson(res, status, { code, message });

export const sendFile = (res: NodeResponse, contentType: string, text: string): void => {
  (res as http.ServerResponse).writeHead(200, {
    ...CONTROL_HEADERS,
    "content-type": contentType,
    "content-security-policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
  });
  res.end(text);
};

/** The body as JSON (undefined when empty). A SyntaxError says where the JSON breaks. */
export const readJsonBody = async (req: NodeRequest): Promise<unknown> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > CONTROL_BODY_LIMIT) throw new SyntaxError(`the body is larger than ${CONTROL_BODY_LIMIT} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SyntaxError(`the body is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
};
