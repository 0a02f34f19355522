import { type ErrorDefinition, Errors, fail } from "../errors.js";
import type { User } from "../instance.js";
import { type Permission, roleGrants } from "./role-permissions.js";

/** Project roles carry their project as context (ZITADEL's roleWithContext): they never grant on a user. */
const isProjectRole = (role: string): boolean => role.startsWith("PROJECT_");

/** Why `caller` lacks `permission` on a resource of `orgId`, or undefined when it has it (one pass, nothing built). */
const refusal = (caller: User, permission: Permission, orgId: string): ErrorDefinition | undefined => {
  let member = false;
  let grantedByProjectRole = false;
  for (const membership of caller.memberships) {
    if (membership.instance !== true && membership.orgId !== orgId) continue;
    member = true;
    for (const role of membership.roles) {
      if (!roleGrants(role, permission)) continue;
      if (!isProjectRole(role)) return undefined;
      grantedByProjectRole = true;
    }
  }
  if (!member) return Errors.membershipNotFound;
  return grantedByProjectRole ? Errors.noMatchingPermissionsInContext : Errors.noMatchingResourcePermissions;
};

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
