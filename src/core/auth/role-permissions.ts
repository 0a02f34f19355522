/**
 * ZITADEL's role -> permission mapping, reduced to the permissions the mock checks.
 *
 * Source: zitadel/zitadel `cmd/defaults.yaml`, `InternalAuthZ.RolePermissionMappings`. `org.read` and
 * `org.write` guard the org metadata RPCs, `user.read` and `user.write` the user metadata RPCs; every
 * other role ZITADEL knows is listed so that fixtures may use it, and grants none of them here.
 */

export const PERMISSIONS = ["org.read", "org.write", "user.read", "user.write"] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Roles whose mapping contains `org.write` (all of them also contain `org.read`). */
const ORG_WRITE_ROLES: readonly string[] = ["IAM_OWNER", "IAM_ORG_MANAGER", "ORG_OWNER", "ORG_SETTINGS_MANAGER"];

/** Roles whose mapping contains `org.read`. */
const ORG_READ_ROLES: readonly string[] = [
  ...ORG_WRITE_ROLES,
  "IAM_OWNER_VIEWER",
  "IAM_USER_MANAGER",
  "IAM_LOGIN_CLIENT",
  "ORG_USER_MANAGER",
  "ORG_OWNER_VIEWER",
  "ORG_USER_PERMISSION_EDITOR",
  "ORG_PROJECT_PERMISSION_EDITOR",
];

/** Roles whose mapping contains `user.write` (all of them also contain `user.read`). */
const USER_WRITE_ROLES: readonly string[] = [
  "IAM_OWNER",
  "IAM_ORG_MANAGER",
  "IAM_USER_MANAGER",
  "IAM_LOGIN_CLIENT",
  "ORG_OWNER",
  "ORG_USER_MANAGER",
];

/**
 * Roles whose mapping contains `user.read`. The project roles grant it in the org that owns the
 * project (where the mock's fixtures put their membership).
 */
const USER_READ_ROLES: readonly string[] = [
  ...USER_WRITE_ROLES,
  "IAM_OWNER_VIEWER",
  "ORG_OWNER_VIEWER",
  "ORG_USER_PERMISSION_EDITOR",
  "ORG_PROJECT_PERMISSION_EDITOR",
  "PROJECT_OWNER",
  "PROJECT_OWNER_VIEWER",
  "PROJECT_GRANT_OWNER",
  "PROJECT_GRANT_OWNER_VIEWER",
];

/**
 * Every instance (IAM_*), organization (ORG_*) and project (PROJECT_*) member role of
 * `InternalAuthZ.RolePermissionMappings`, in the order of `cmd/defaults.yaml`. Not listed: the
 * SYSTEM_* roles (system API users, not members of an instance) and SELF_MANAGEMENT_GLOBAL (granted
 * implicitly to every user, never through a membership).
 */
export const KNOWN_ROLES: readonly string[] = [
  "IAM_OWNER",
  "IAM_OWNER_VIEWER",
  "IAM_ORG_MANAGER",
  "IAM_USER_MANAGER",
  "IAM_ADMIN_IMPERSONATOR",
  "IAM_END_USER_IMPERSONATOR",
  "IAM_LOGIN_CLIENT",
  "ORG_OWNER",
  "ORG_USER_MANAGER",
  "ORG_OWNER_VIEWER",
  "ORG_SETTINGS_MANAGER",
  "ORG_USER_PERMISSION_EDITOR",
  "ORG_PROJECT_PERMISSION_EDITOR",
  "ORG_PROJECT_CREATOR",
  "ORG_ADMIN_IMPERSONATOR",
  "ORG_END_USER_IMPERSONATOR",
  "ORG_USER_SELF_MANAGER",
  "PROJECT_OWNER",
  "PROJECT_OWNER_VIEWER",
  "PROJECT_OWNER_GLOBAL",
  "PROJECT_OWNER_VIEWER_GLOBAL",
  "PROJECT_GRANT_OWNER",
  "PROJECT_GRANT_OWNER_VIEWER",
];

const KNOWN_ROLE_SET: ReadonlySet<string> = new Set(KNOWN_ROLES);

export function isKnownRole(role: string): boolean {
  return KNOWN_ROLE_SET.has(role);
}

/** IAM_* roles belong to instance memberships. */
export function isInstanceRole(role: string): boolean {
  return role.startsWith("IAM_");
}

/** Each permission's roles, as sets: the hot path does one lookup per role. */
const ROLES_BY_PERMISSION: Readonly<Record<Permission, ReadonlySet<string>>> = {
  "org.read": new Set(ORG_READ_ROLES),
  "org.write": new Set(ORG_WRITE_ROLES),
  "user.read": new Set(USER_READ_ROLES),
  "user.write": new Set(USER_WRITE_ROLES),
};

/** Whether `role`'s mapping contains `permission`. */
export function roleGrants(role: string, permission: Permission): boolean {
  return ROLES_BY_PERMISSION[permission].has(role);
}
