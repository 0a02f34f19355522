import type { RequestHandler, Response } from "express";

/**
 * Headers ZITADEL puts on every REST response, success or error: its no-cache interceptor's
 * `Cache-Control: no-store` and `Pragma: no-cache`, and the robots-tag handler's `X-Robots-Tag: none`.
 */
export const ZITADEL_REST_HEADERS: Readonly<Record<string, string>> = {
  "Cache-Control": "no-store",
  Pragma: "no-cache",
  "X-Robots-Tag": "none",
};

/** Sets ZITADEL's REST headers before the request is answered. */
export const zitadelRestHeaders: RequestHandler = (_req, res, next) => {
  for (const [name, value] of Object.entries(ZITADEL_REST_HEADERS)) res.setHeader(name, value);
  next();
};

/** grpc-gateway's DefaultHTTPErrorHandler sets `WWW-Authenticate` to the status message on every 401. */
export const setErrorHeaders = (res: Response, httpStatus: number, message: string): void => {
  if (httpStatus === 401) res.setHeader("WWW-Authenticate", message);
};

/**
 * gorilla/mux's answer to a path it cleans (gateway-path.ts): 301 with `Location` and no body.
 */
export const sendRedirect = (res: Response, location: string): void => {
  res.status(301).setHeader("Location", location);
  res.end();
};
