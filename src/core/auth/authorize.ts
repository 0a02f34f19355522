import { Errors, fail } from "../errors.js";
import type { Instance, Org, User } from "../instance.js";
import { membershipGrant } from "./membership-grant.js";
import type { Permission } from "./role-permissions.js";

/** What a caller presents, read from HTTP headers or gRPC metadata by the transport. */
export interface CallCredentials {
  /** The raw `authorization` value. */
  readonly authorization?: string | undefined;
  /** The raw `x-zitadel-orgid` value. */
  readonly orgId?: string | undefined;
}

/** The resolved caller: the operation runs in `org` on behalf of `user`. */
export interface CallContext {
  readonly user: User;
  readonly org: Org;
}

const BEARER_PREFIX = "Bearer ";

/** ZITADEL's extractBearerToken: the value must split on the case-sensitive "Bearer " into two parts. */
const bearerToken = (authorization: string | undefined): string => {
  if (!authorization) return fail(Errors.authHeaderMissing);
  // split's two parts, without the array: exactly one "Bearer " (it cannot overlap itself), the token after it
  const at = authorization.indexOf(BEARER_PREFIX);
  const tokenStart = at + BEARER_PREFIX.length;
  if (at < 0 || authorization.includes(BEARER_PREFIX, tokenStart)) return fail(Errors.invalidAuthHeader);
  return authorization.slice(tokenStart);
};

/**
 * The interceptor for a method whose permission is `authenticated` (v2 services): token -> user, and
 * the org context must exist; no membership is checked (the command or query checks permissions).
 */
export const authenticate = (instance: Instance, credentials: CallCredentials): CallContext => {
  const token = bearerToken(credentials.authorization);
  const user = instance.userByToken(token) ?? fail(Errors.tokenInvalid);
  const org = instance.org(credentials.orgId || user.orgId) ?? fail(Errors.orgDoesNotExist);
  return { user, org };
};

/**
 * ZITADEL's authorization interceptor: token -> user, org context from `x-zitadel-orgid` (else the
 * user's org), the org must exist, then the user's memberships on that org or the instance must
 * grant `permission`. Outcomes in that order: 401 (three kinds), 403 AUTH-Bs7Ds, 404 AUTHZ-cdgFk,
 * 403 AUTH-5mWD2.
 */
export const authorize = (instance: Instance, credentials: CallCredentials, permission: Permission): CallContext => {
  const context = authenticate(instance, credentials);
  // Any role granting the permission is enough (project roles too); else the outcome depends only on
  // whether there was a membership at all.
  const grant = membershipGrant(context.user, permission, context.org.id);
  if (grant === "granted" || grant === "projectRolesOnly") return context;
  return fail(grant === "notGranted" ? Errors.noMatchingPermissions : Errors.membershipNotFound);
};
