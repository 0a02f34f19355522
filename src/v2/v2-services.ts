/**
 * Where ZITADEL's v2 services live on the port, as plain strings: the dispatchers read them on every
 * request without loading the v2 descriptors (src/v2/v2-rpcs.ts loads those on the first v2 call).
 */

/** The v2 services the mock serves: Connect, gRPC and gRPC-web on `/<service>/<Rpc>`. */
export const V2_SERVICES = ["zitadel.org.v2beta.OrganizationService", "zitadel.user.v2.UserService"] as const;

const RPC_PREFIXES = V2_SERVICES.map((service) => `/${service}/`);

/**
 * ZITADEL mounts each v2 service's connect-go handler on the path prefix `/<service>/`, ahead of its
 * gRPC and gRPC-web routes: every request under it (any protocol, any method) is the v2 handler's.
 */
export const isV2RpcPath = (url: string): boolean => RPC_PREFIXES.some((prefix) => url.startsWith(prefix));

/** The REST paths of the v2 services (ZITADEL's grpc-gateway; absolute, no prefix stripped). */
export const isV2RestPath = (path: string): boolean => path.startsWith("/v2/") || path.startsWith("/v2beta/");

/** The v2 RPCs the mock answers, as the journal and fault rules name them (`<service>/<Rpc>`). */
export const V2_METADATA_RPCS = [
  "zitadel.org.v2beta.OrganizationService/SetOrganizationMetadata",
  "zitadel.org.v2beta.OrganizationService/ListOrganizationMetadata",
  "zitadel.org.v2beta.OrganizationService/DeleteOrganizationMetadata",
  "zitadel.user.v2.UserService/SetUserMetadata",
  "zitadel.user.v2.UserService/ListUserMetadata",
  "zitadel.user.v2.UserService/DeleteUserMetadata",
] as const;
