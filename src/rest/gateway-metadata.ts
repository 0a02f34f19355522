import type { CallCredentials } from "../core/auth/authorize.js";

/**
 * The call metadata grpc-gateway builds from HTTP headers (runtime.DefaultHeaderMatcher, plus
 * ZITADEL's matcher for `x-zitadel-*`): `Authorization` is forwarded, and so is every
 * `Grpc-Metadata-<name>` header as `<name>`. A header given both ways gives the call two values,
 * in an order Go's map iteration leaves open; the mock takes the plain header.
 */
const METADATA_PREFIX = "grpc-metadata-";

export const credentialsFromHeaders = (header: (name: string) => string | undefined): CallCredentials => ({
  authorization: header("authorization") ?? header(`${METADATA_PREFIX}authorization`),
  orgId: header("x-zitadel-orgid") ?? header(`${METADATA_PREFIX}x-zitadel-orgid`),
});
