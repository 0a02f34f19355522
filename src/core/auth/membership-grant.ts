import type { User } from "../instance.js";
import { type Permission, roleGrants } from "./role-permissions.js";

/**
 * What a user's memberships in an org (or the instance) give for one permission: a role of the org
 * or instance grants it, only project roles grant it (ZITADEL's roleWithContext: they never grant on
 * a user), no role grants it, or there is no membership at all.
 */
export type MembershipGrant = "granted" | "projectRolesOnly" | "notGranted" | "noMembership";

/** Project roles carry their project as context. */
const isProjectRole = (role: string): boolean => role.startsWith("PROJECT_");

/**
 * The one pass over `user`'s memberships in `orgId` or the instance that both the auth interceptor
 * (authorize) and CheckPermission (check-permission) make; builds nothing, stops at the first role of
 * the org or instance that grants.
 */
export const membershipGrant = (user: User, permission: Permission, orgId: string): MembershipGrant => {
  let member = false;
  let grantedByProjectRole = false;
  for (const membership of user.memberships) {
    if (membership.instance !== true && membership.orgId !== orgId) continue;
    member = true;
    for (const role of membership.roles) {
      if (!roleGrants(role, permission)) continue;
      if (!isProjectRole(role)) return "granted";
      grantedByProjectRole = true;
    }
  }
  if (!member) return "noMembership";
  return grantedByProjectRole ? "projectRolesOnly" : "notGranted";
};
