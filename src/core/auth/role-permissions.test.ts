import { describe, expect, it } from "vitest";
import { KNOWN_ROLES, PERMISSIONS, isInstanceRole, isKnownRole, roleGrants } from "./role-permissions.js";

/** The permissions (of those the mock checks) a role's mapping contains. */
const grantedBy = (role: string): string[] => PERMISSIONS.filter((permission) => roleGrants(role, permission));

describe("roleGrants", () => {
  // cmd/defaults.yaml InternalAuthZ.RolePermissionMappings, for the four permissions the mock checks.
  it.each<[string, string[]]>([
    ["IAM_OWNER", ["org.read", "org.write", "user.read", "user.write"]],
    ["IAM_ORG_MANAGER", ["org.read", "org.write", "user.read", "user.write"]],
    ["ORG_OWNER", ["org.read", "org.write", "user.read", "user.write"]],
    ["ORG_SETTINGS_MANAGER", ["org.read", "org.write"]],
    ["IAM_USER_MANAGER", ["org.read", "user.read", "user.write"]],
    ["IAM_LOGIN_CLIENT", ["org.read", "user.read", "user.write"]],
    ["ORG_USER_MANAGER", ["org.read", "user.read", "user.write"]],
    ["IAM_OWNER_VIEWER", ["org.read", "user.read"]],
    ["ORG_OWNER_VIEWER", ["org.read", "user.read"]],
    ["ORG_USER_PERMISSION_EDITOR", ["org.read", "user.read"]],
    ["ORG_PROJECT_PERMISSION_EDITOR", ["org.read", "user.read"]],
    ["PROJECT_OWNER", ["user.read"]],
    ["PROJECT_OWNER_VIEWER", ["user.read"]],
    ["PROJECT_GRANT_OWNER", ["user.read"]],
    ["PROJECT_GRANT_OWNER_VIEWER", ["user.read"]],
  ])("%s grants %j", (role, permissions) => {
    expect(grantedBy(role)).toEqual(permissions);
  });

  it.each(["ORG_PROJECT_CREATOR", "IAM_ADMIN_IMPERSONATOR", "PROJECT_OWNER_GLOBAL", "ORG_USER_SELF_MANAGER", "NOT_A_ROLE"])(
    "%s grants none of them",
    (role) => {
      expect(grantedBy(role)).toEqual([]);
    },
  );

});

describe("KNOWN_ROLES", () => {
  it("contains every role that grants a permission, once", () => {
    expect(new Set(KNOWN_ROLES).size).toBe(KNOWN_ROLES.length);
    for (const role of KNOWN_ROLES) expect(isKnownRole(role)).toBe(true);
    expect(isKnownRole("ORG_OWNR")).toBe(false);
    expect(KNOWN_ROLES).toEqual(expect.arrayContaining(["ORG_PROJECT_CREATOR", "IAM_ADMIN_IMPERSONATOR", "PROJECT_OWNER"]));
  });

  it("holds only instance, org or project roles", () => {
    for (const role of KNOWN_ROLES) expect(role).toMatch(/^(?:IAM|ORG|PROJECT)_/);
  });

  it("tells instance roles by their prefix", () => {
    expect(isInstanceRole("IAM_OWNER")).toBe(true);
    expect(isInstanceRole("ORG_OWNER")).toBe(false);
    expect(isInstanceRole("PROJECT_OWNER")).toBe(false);
  });
});
