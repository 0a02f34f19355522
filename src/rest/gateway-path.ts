import { posix } from "node:path";

/**
 * The request path as ZITADEL's router and grpc-gateway see it, before any route is chosen.
 */

/**
 * gorilla/mux (without SkipClean) answers a path that `path.Clean` would change (`//`, `/./`,
 * `/../`) with 301 to the cleaned path; the check runs on the decoded path and keeps a trailing
 * slash. Returns the `Location` to redirect to, or undefined when the path is clean.
 */
export const cleanPathRedirect = (rawPath: string, rawQuery: string | undefined): string | undefined => {
  const decoded = decodeURIComponent(rawPath);
  const cleaned = posix.normalize(decoded.startsWith("/") ? decoded : `/${decoded}`);
  if (cleaned === decoded) return undefined;
  return `${escapePath(cleaned)}${rawQuery ? `?${rawQuery}` : ""}`;
};

/** Go's url.PathEscape rules for a path (url.URL.EscapedPath): `$&+,/:;=@` stay as they are. */
const escapePath = (path: string): string =>
  encodeURIComponent(path)
    .replace(/%(24|26|2B|2C|2F|3A|3B|3D|40)/g, (escaped) => decodeURIComponent(escaped))
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * grpc-gateway matches the unescaped path, so `%2F` inside a segment separates segments:
 * `/metadata/a%2Fb` is `/metadata/a/b`, which no route matches.
 */
const withEncodedSlashesAsSeparators = (rawPath: string): string => rawPath.replace(/%2F/gi, "/");

/**
 * grpc-gateway binds an empty last path segment to a variable: `GET /metadata/` is GetOrgMetadata
 * with key "" (then refused by protoc-gen-validate). openapi-backend's templates need a non-empty
 * segment, so the path is routed with a placeholder segment, and `pathParamsOf` gives the variable
 * back as "". Whether the segment was empty is read from the raw path, so no key a client sends
 * (`%00` included) can be taken for the placeholder.
 */
const EMPTY_SEGMENT_PLACEHOLDER = "-";

/** The path openapi-backend routes. */
export const routingPathOf = (rawPath: string): string => {
  const path = withEncodedSlashesAsSeparators(rawPath);
  return path.endsWith("/") ? `${path}${EMPTY_SEGMENT_PLACEHOLDER}` : path;
};

/** The path parameters of a routed request, with an empty last segment back as "". */
export const pathParamsOf = (params: Record<string, unknown>, rawPath: string, operationPath: string): Record<string, string> => {
  const values = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, String(value)]));
  const lastVariable = /\{([^}]+)\}$/.exec(operationPath)?.[1];
  if (lastVariable !== undefined && withEncodedSlashesAsSeparators(rawPath).endsWith("/")) values[lastVariable] = "";
  return values;
};
