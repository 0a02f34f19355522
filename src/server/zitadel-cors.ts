import type http from "node:http";
import { headerOf, type NodeRequest, type NodeResponse } from "./node-http.js";


/**
 * ZITADEL's CORS: rs/cors v1.11 with the options of internal/api/http/middleware/cors_interceptor.go
 * (any origin, echoed, with credentials). The npm `cors` package cannot express rs/cors's rules (it
 * answers every OPTIONS as a preflight, sends a fixed header list, sets CORS headers without an
 * Origin), so this is rs/cors's Handler, written down for these options only (decision 021).
 */
export const ZITADEL_CORS = {
  /** Lower-case, as rs/cors stores them; a preflight asking for anything else is not allowed. */
  allowedHeaders: [
    "origin",
    "content-type",
    "accept",
    "accept-language",
    "authorization",
    "x-zitadel-orgid",
    "x-user-agent",
    "x-grpc-web",
    "x-requested-with",
    "connect-protocol-version",
    "connect-timeout-ms",
    "grpc-timeout",
  ],
  allowedMethods: ["OPTIONS", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
  /** rs/cors joins the canonicalized names into one value. */
  exposedHeaders: "Location, Content-Length, Grpc-Status, Grpc-Message, Grpc-Status-Details-Bin",
} as const;

const SORTED_ALLOWED_HEADERS = [...ZITADEL_CORS.allowedHeaders].sort();
/** rs/cors tolerates this much optional whitespace around a name, and this many empty elements. */
const MAX_OWS_BYTES = 1;
const MAX_EMPTY_ELEMENTS = 16;

/** rs/cors reads every value of a repeated header, as one list. */
const header = (req: NodeRequest, name: string): string | undefined => headerOf(req, name, ",");

/** At most `n` + 1 spaces or tabs trimmed from each side, as rs/cors's trimOWS loops. */
const trimOws = (name: string): string | undefined => {
  const leading = /^[ \t]*/.exec(name)?.[0].length ?? 0;
  const trailing = /[ \t]*$/.exec(name)?.[0].length ?? 0;
  if (leading > MAX_OWS_BYTES + 1 || trailing > MAX_OWS_BYTES + 1) return undefined;
  return name.slice(leading, name.length - trailing);
};

/**
 * rs/cors's SortedSet.Accepts: every requested name is allowed, and the names come sorted and unique
 * (browsers send them so: lower-case, sorted, comma-separated).
 */
export const acceptsRequestHeaders = (requested: string): boolean => {
  let lastPosition = -1;
  let empty = 0;
  for (const element of requested.split(",")) {
    const name = trimOws(element);
    if (name === undefined) return false;
    if (name === "") {
      if (++empty > MAX_EMPTY_ELEMENTS) return false;
      continue;
    }
    const position = SORTED_ALLOWED_HEADERS.indexOf(name as (typeof SORTED_ALLOWED_HEADERS)[number]);
    if (position <= lastPosition) return false;
    lastPosition = position;
  }
  return true;
};

const isMethodAllowed = (method: string): boolean => (ZITADEL_CORS.allowedMethods as readonly string[]).includes(method);

const addVary = (res: NodeResponse, value: string): void => {
  const current = res.getHeader("vary");
  res.setHeader("Vary", current === undefined ? value : `${String(current)}, ${value}`);
};

/**
 * rs/cors's Handler: a preflight (OPTIONS with Access-Control-Request-Method) is answered here, 204,
 * with the CORS headers only if origin, method and every requested header are allowed; any other
 * request gets `Vary: Origin` and, with an Origin, the actual-request headers, then goes on.
 * Returns whether the request was answered.
 */
export const handleZitadelCors = (req: NodeRequest, res: NodeResponse): boolean => {
  const origin = header(req, "origin");
  const requestedMethod = header(req, "access-control-request-method");
  if (req.method === "OPTIONS" && requestedMethod) {
    addVary(res, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    const requestedHeaders = header(req, "access-control-request-headers");
    if (origin && isMethodAllowed(requestedMethod) && acceptsRequestHeaders(requestedHeaders ?? "")) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Access-Control-Allow-Methods", requestedMethod);
      if (requestedHeaders) res.setHeader("Access-Control-Allow-Headers", requestedHeaders);
      res.setHeader("Access-Control-Allow-Credentials", "true");
    }
    req.resume();
    (res as http.ServerResponse).writeHead(204);
    res.end();
    return true;
  }
  addVary(res, "Origin");
  if (origin && req.method && isMethodAllowed(req.method)) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Expose-Headers", ZITADEL_CORS.exposedHeaders);
    res.setHeader("Access-Control-Allow-Credentials", "true");
  }
  return false;
};
