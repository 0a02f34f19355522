import http2 from "node:http2";
import express from "express";
import { Errors, ErrorTexts, ZitadelError } from "../core/errors.js";
import { MAX_MESSAGE_BYTES, MAX_READ_BYTES } from "../api/message-limits.js";
import { bodyBytes } from "./json-body-decoding.js";
import type { NodeRequest, NodeResponse } from "../server/node-http.js";


/** grpc-gateway decodes a body whatever its Content-Type; the bytes are decoded as protojson (json-body-decoding.ts). */
const rawBody = express.raw({ type: () => true, limit: MAX_READ_BYTES });

/**
 * body-parser tells a request with a body from its HTTP/1.1 framing (Content-Length or
 * Transfer-Encoding). An HTTP/2 stream frames its body in DATA frames and may send no length: one
 * whose HEADERS did not end the stream has a body.
 */
const markHttp2Body = (req: NodeRequest): void => {
  if (!(req instanceof http2.Http2ServerRequest)) return;
  const headers = req.headers;
  if (headers["content-length"] === undefined && !req.stream.endAfterHeaders) headers["transfer-encoding"] = "chunked";
};

/** Reads a request body's bytes (body-parser: limit, content-encoding), either HTTP version; empty without a body. */
export const readBodyBytes = (req: NodeRequest, res: NodeResponse): Promise<Uint8Array> =>
  new Promise((resolve, reject) => {
    markHttp2Body(req);
    rawBody(req as express.Request, res as express.Response, (error?: unknown) =>
      error ? reject(error) : resolve(bodyBytes((req as { body?: unknown }).body)),
    );
  });

/**
 * Failures before routing, as the gateway reports them: a path with broken percent-encoding is
 * grpc-gateway's 400 "Bad Request"; an oversized body hits grpc-go's size limit; any other body that
 * cannot be read (bad JSON, an encoding ZITADEL would not undo) cannot be decoded.
 */
export const requestReadError = (error: unknown): ZitadelError | undefined => {
  if (error instanceof URIError) return new ZitadelError(Errors.badRequest);
  const failure = error as { type?: string; message?: string; length?: number; status?: number };
  if (failure.type === "entity.too.large") {
    return new ZitadelError(ErrorTexts.messageTooLarge(failure.length ?? MAX_READ_BYTES, MAX_MESSAGE_BYTES));
  }
  if (typeof failure.status === "number" && failure.status >= 400 && failure.status < 500) {
    return new ZitadelError(ErrorTexts.invalidRequest(`proto: syntax error: ${failure.message}`));
  }
  return undefined;
};
