import { httpDate } from "../server/http-date.js";
import type { NodeResponse } from "../server/node-http.js";

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
export const setZitadelRestHeaders = (res: NodeResponse): void => {
  for (const name in ZITADEL_REST_HEADERS) res.setHeader(name, ZITADEL_REST_HEADERS[name]!);
};

/**
 * The rest of what the gateway makes of the no-cache interceptor's header metadata with
 * `runtime.DefaultHeaderMatcher`, on the answer of a call that reached ZITADEL's interceptors, an
 * error too (decision 045): `grpc-metadata-expires` comes back as `Expires` (its two twins are the
 * headers above), and `cache-control` and `pragma`, permanent HTTP headers, come back prefixed
 * `Grpcgateway-`.
 */
const noCacheMetadataHeaders = (): Record<string, string> => ({
  Expires: httpDate(),
  "Grpcgateway-Cache-Control": "no-store",
  "Grpcgateway-Pragma": "no-cache",
});

/** Sets the headers of the no-cache interceptor's metadata as a call reaches it. */
export const setNoCacheMetadataHeaders = (res: NodeResponse): void => {
  for (const [name, value] of Object.entries(noCacheMetadataHeaders())) res.setHeader(name, value);
};

/** Takes them back: ZITADEL's gRPC server refused the call before its interceptors ran. */
export const removeNoCacheMetadataHeaders = (res: NodeResponse): void => {
  for (const name of Object.keys(noCacheMetadataHeaders())) res.removeHeader(name);
};

/** grpc-gateway's DefaultHTTPErrorHandler sets `WWW-Authenticate` to the status message on every 401. */
export const setErrorHeaders = (res: NodeResponse, httpStatus: number, message: string): void => {
  if (httpStatus === 401) res.setHeader("WWW-Authenticate", message);
};

/**
 * gorilla/mux's answer to a path it cleans (gateway-path.ts): 301 with `Location` and no body.
 */
export const sendRedirect = (res: NodeResponse, location: string): void => {
  res.statusCode = 301;
  res.setHeader("Location", location);
  res.end();
};
