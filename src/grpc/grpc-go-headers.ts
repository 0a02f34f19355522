/**
 * The response headers of ZITADEL's native gRPC answers (decision 045). ZITADEL routes gRPC to
 * grpc-go's `ServeHTTP` inside Go's net/http server (internal/api/api.go `RouteGRPC`), and that
 * transport (grpc-go internal/transport/handler_server.go `writeCommonHeaders`):
 * - suppresses Go's `Date` header;
 * - declares its trailers: `trailer: Grpc-Status`, `trailer: Grpc-Message`,
 *   `trailer: Grpc-Status-Details-Bin` (Go's HTTP/2 server sends the declaration as it is);
 * - sends the headers before the status, always: an error is headers, then trailers, never a
 *   trailers-only answer.
 * ZITADEL's `NoCacheInterceptor`, third in the unary chain (before the instance and auth
 * interceptors), sends `cache-control: no-store`, `expires: <now>`, `pragma: no-cache` and the same
 * three again prefixed `grpc-metadata-` as header metadata, so every call that reaches the
 * interceptors carries them, errors included; grpc-go's own refusals before them (unknown method,
 * a message it cannot read) do not. Go writes the header fields sorted by name.
 */

import { httpDate } from "../server/http-date.js";

/** What grpc-go's `Trailer` header declares, in its order. */
export const TRAILER_DECLARATIONS: readonly string[] = ["Grpc-Status", "Grpc-Message", "Grpc-Status-Details-Bin"];

/** grpc-go's trailers in the order Go writes them: the declared ones, as declared. */
const TRAILER_ORDER = ["grpc-status", "grpc-message", "grpc-status-details-bin"];

const DECLARED_TRAILERS = TRAILER_DECLARATIONS.flatMap((name) => ["trailer", name]);

/**
 * A native gRPC answer's response headers as ZITADEL sends them, names and values in turn (what
 * `respondHeaders` takes) and sorted by name as Go writes them: `:status`, the request's content
 * type, `grpc-encoding` when the answer is compressed, the no-cache interceptor's headers when the
 * call reached it, the trailer declarations. Node's `date` is the caller's to suppress (`sendDate: false`).
 */
export const grpcGoResponseHeaders = (contentType: string, encoding: string | undefined, reachedInterceptors: boolean): string[] => {
  const compressed = encoding === undefined ? [] : ["grpc-encoding", encoding];
  if (!reachedInterceptors) return [":status", "200", "content-type", contentType, ...compressed, ...DECLARED_TRAILERS];
  const date = httpDate();
  return [
    ":status", "200",
    "cache-control", "no-store",
    "content-type", contentType,
    "expires", date,
    ...compressed,
    "grpc-metadata-cache-control", "no-store",
    "grpc-metadata-expires", date,
    "grpc-metadata-pragma", "no-cache",
    "pragma", "no-cache",
    ...DECLARED_TRAILERS,
  ];
};

/** The no-cache interceptor's header metadata as a header object (connect-node's response headers). */
export const noCacheHeaders = (): Record<string, string> => {
  const date = httpDate();
  return {
    "cache-control": "no-store",
    expires: date,
    "grpc-metadata-cache-control": "no-store",
    "grpc-metadata-expires": date,
    "grpc-metadata-pragma": "no-cache",
    pragma: "no-cache",
  };
};

/** Trailers in grpc-go's order (grpc-status, grpc-message, grpc-status-details-bin), anything else after. */
export const inGrpcGoTrailerOrder = <T extends Record<string, unknown>>(trailers: T): T => {
  const ordered: Record<string, unknown> = {};
  for (const name of TRAILER_ORDER) if (trailers[name] !== undefined) ordered[name] = trailers[name];
  for (const [name, value] of Object.entries(trailers)) if (!(name in ordered)) ordered[name] = value;
  return ordered as T;
};
