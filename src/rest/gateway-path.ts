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
export const withEncodedSlashesAsSeparators = (rawPath: string): string => rawPath.replace(/%2F/gi, "/");
