import { type ErrorDefinition, Errors, fail } from "../errors.js";
import type { User } from "../instance.js";
import { type MembershipGrant, membershipGrant } from "./membership-grant.js";
import type { Permission } from "./role-permissions.js";

/** Why `caller` lacks `permission` on a resource of `orgId`, or undefined when it has it. */
const REFUSALS: Readonly<Record<MembershipGrant, ErrorDefinition | undefined>> = {
  granted: undefined,
  projectRolesOnly: Errors.noMatchingPermissionsInContext,
  notGranted: Errors.noMatchingResourcePermissions,
  noMembership: Errors.membershipNotFound,
};

const refusal = (caller: User, permission: Permission, orgId: string): ErrorDefinition | undefined =>
  REFUSALS[membershipGrant(caller, permission, orgId)];

/**
 * ZITADEL's authz.CheckPermission as the v2 commands and queries call it, on a resource of `orgId`
 * (the target user's org, whatever the request's org context): the caller's memberships in that org
 * or the instance, then checkUserResourcePermissions. No membership -> 404 AUTHZ-cdgFk; the permission
 * missing -> 403 AUTH-AWfge; granted by project roles only -> 403 AUTH-Swrgg2.
 */
export const checkPermission = (caller: User, permission: Permission, orgId: string): void => {
  const error = refusal(caller, permission, orgId);
  if (error) fail(error);
};

/** `checkPermission` as a yes/no (ZITADEL's list queries drop the rows whose check fails). */
export const hasPermission = (caller: User, permission: Permission, orgId: string): boolean =>
  refusal(caller, permission, orgId) === undefined;
