import { isV2RpcPath } from "../v2/v2-services.js";
import { httpDate } from "../server/http-date.js";

/**
 * The response headers of ZITADEL's native gRPC answers (decision 045). ZITADEL routes gRPC to
 * grpc-go's `ServeHTTP` inside Go's net/http server (internal/api/api.go `RouteGRPC`), and that
 * transport (grpc-go internal/transport/handler_server.go `writeCommonHeaders`):
 * - suppresses Go's `Date` header;
 * - declares its trailers: `trailer: Grpc-Status`, `trailer: Grpc-Message`,
 *   `trailer: Grpc-Status-Details-Bin` (Go's HTTP/2 server sends the declaration as it is, and
 *   writes the trailers sorted by name);
 * - sends the headers before the status, always: an error is headers, then trailers, never a
 *   trailers-only answer.
 * ZITADEL's robots-tag middleware on its base router adds `x-robots-tag: none` to every answer.
 * Its `NoCacheInterceptor`, third in the unary chain (before the instance and auth interceptors),
 * sends `cache-control: no-store`, `expires: <now>`, `pragma: no-cache` and the same three again
 * prefixed `grpc-metadata-` as header metadata, so every call that reaches the interceptors carries
 * them, errors included; grpc-go's own refusals before them (unknown method, a message it cannot
 * read) do not. Go writes the header fields sorted by name.
 */

/** What grpc-go's `Trailer` header declares, in its order. */
export const TRAILER_DECLARATIONS: readonly string[] = ["Grpc-Status", "Grpc-Message", "Grpc-Status-Details-Bin"];

const LAST_FIELDS = [...TRAILER_DECLARATIONS.flatMap((name) => ["trailer", name]), "x-robots-tag", "none"];

/**
 * Whether ZITADEL's grpc-go answers a request: native gRPC on HTTP/2, outside the v2 services
 * (connect-go serves those, decision 022). gRPC-web goes through another wrapper.
 */
export const answeredByGrpcGo = (httpVersionMajor: number, contentType: string | undefined, path: string | undefined): boolean =>
  httpVersionMajor === 2 && /^application\/grpc(?:\+|;|$)/.test(contentType ?? "") && !isV2RpcPath(path ?? "");

/**
 * A native gRPC answer's response headers as ZITADEL sends them, names and values in turn (what
 * `respondHeaders` takes) and sorted by name as Go writes them: `:status`, the request's content
 * type, `grpc-encoding` when the answer is compressed, the no-cache interceptor's headers when the
 * call reached it (`expires` now), the trailer declarations, `x-robots-tag`. Node's `date` is the
 * caller's to suppress (`sendDate: false`).
 */
export const grpcGoResponseHeaders = (contentType: string, encoding: string | undefined, reachedInterceptors: boolean): string[] => {
  const compressed = encoding === undefined ? [] : ["grpc-encoding", encoding];
  if (!reachedInterceptors) return [":status", "200", "content-type", contentType, ...compressed, ...LAST_FIELDS];
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
    ...LAST_FIELDS,
  ];
};

/** The fields grpc-go's transport and ZITADEL's router add to every answer, as a header object. */
export const grpcGoAnswerFields = (): Record<string, string | string[]> => ({ trailer: [...TRAILER_DECLARATIONS], "x-robots-tag": "none" });

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
