import { sentGrpcStatus, sentStatus, streamAbandoned, type StreamHandler } from "./http2-streams.js";
import { type RequestHandler, wasAbandoned } from "./one-port-server.js";
import { protocolOf, type WireProtocol } from "./protocol-routing.js";
import { isControlPath } from "../control/control-path.js";

export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  /** The API protocol, or `control` for the mock's own `/__mock/*` API. */
  readonly protocol: WireProtocol | "control";
  readonly httpStatus: number;
  /** The gRPC status, where it travels in HTTP headers or trailers (gRPC over HTTP/2). */
  readonly grpcStatus?: number;
  readonly durationMs: number;
  /** The connection closed (or the HTTP/2 stream was reset) before the response was complete. */
  readonly aborted?: true;
}

type HeaderBag = Record<string, unknown> | undefined;

/** Query parameters whose values are credentials (OAuth/OIDC and the usual API-key spellings). */
const SECRET_PARAMETER = /^(?:access_token|id_token|refresh_token|token|code|client_secret|password|secret|api_key|apikey)$/i;

/** The path as logged: the values of credential query parameters replaced by `REDACTED`. */
export const redactQuery = (url: string): string => {
  const at = url.indexOf("?");
  if (at < 0) return url;
  const redacted = url
    .slice(at + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, " "));
      } catch {
        // a malformed name is logged as sent
      }
      return eq >= 0 && SECRET_PARAMETER.test(decoded) ? `${name}=REDACTED` : pair;
    });
  return `${url.slice(0, at)}?${redacted.join("&")}`;
};

/** The log entry of a request that has closed; `started` is `performance.now()` when it arrived. */
const entryOf = (
  method: string,
  path: string,
  protocol: RequestLogEntry["protocol"],
  httpStatus: number,
  grpcStatus: number | undefined,
  started: number,
  aborted: boolean,
): RequestLogEntry => ({
  method,
  path,
  protocol,
  httpStatus,
  ...(grpcStatus === undefined ? {} : { grpcStatus }),
  durationMs: performance.now() - started,
  ...(aborted ? { aborted: true as const } : {}),
});

/**
 * Calls `onRequest` once per request, when its response is done or abandoned, with what a developer
 * wants in an access log. Logged on `close`, not `finish`: an HTTP/2 response emits `finish` on a
 * reset too, and an HTTP/1.1 response whose client went away emits no `finish` at all.
 */
export const withRequestLog = (handler: RequestHandler, onRequest: (entry: RequestLogEntry) => void): RequestHandler => (req, res) => {
  const started = performance.now();
  const path = redactQuery(req.url ?? "/");
  const protocol = isControlPath(path) ? "control" : protocolOf(req);
  let grpcStatus: number | undefined;
  const note = (headers: HeaderBag) => {
    const value = headers?.["grpc-status"];
    if (value !== undefined) grpcStatus = Number(value);
  };
  const writeHead = res.writeHead.bind(res) as (status: number, headers?: HeaderBag) => unknown;
  const addTrailers = res.addTrailers.bind(res) as (trailers: HeaderBag) => void;
  Object.assign(res, {
    writeHead: (status: number, headers?: HeaderBag) => (note(headers), writeHead(status, headers)),
    addTrailers: (trailers: HeaderBag) => (note(trailers), addTrailers(trailers)),
  });
  res.once("close", () => onRequest(entryOf(req.method ?? "GET", path, protocol, res.statusCode, grpcStatus, started, wasAbandoned(res))));
  handler(req, res);
};

/** The same for the native gRPC calls served on HTTP/2's stream API (decision 031). */
export const withStreamRequestLog = (streams: StreamHandler, onRequest: (entry: RequestLogEntry) => void): StreamHandler => (stream, headers, flags, rawHeaders, body) => {
  const started = performance.now();
  if (!streams(stream, headers, flags, rawHeaders, body)) return false;
  stream.on("close", () =>
    onRequest(
      entryOf(headers[":method"] ?? "POST", redactQuery(headers[":path"] ?? "/"), "grpc", sentStatus(stream), sentGrpcStatus(stream), started, streamAbandoned(stream)),
    ),
  );
  return true;
};

/** One line per request: `POST /management/v1/metadata/theme 200 rest 1.2ms`, `... 3.0ms aborted` if the client left. */
export const formatRequestLogEntry = (entry: RequestLogEntry): string =>
  [
    entry.method,
    entry.path,
    entry.grpcStatus === undefined ? entry.httpStatus : `${entry.httpStatus} grpc-status=${entry.grpcStatus}`,
    entry.protocol,
    `${entry.durationMs.toFixed(1)}ms`,
    ...(entry.aborted ? ["aborted"] : []),
  ].join(" ");
