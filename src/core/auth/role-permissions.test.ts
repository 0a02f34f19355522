import { describe, expect, it } from "vitest";
import { KNOWN_ROLES, isInstanceRole, isKnownRole, permissionsOfRoles } from "./role-permissions.js";

describe("permissionsOfRoles", () => {
  it.each(["IAM_OWNER", "IAM_ORG_MANAGER", "ORG_OWNER", "ORG_SETTINGS_MANAGER"])("%s grants org.read and org.write", (role) => {
    expect(permissionsOfRoles([role])).toEqual(new Set(["org.read", "org.write"]));
  });

  it.each([
    "IAM_OWNER_VIEWER",
    "IAM_USER_MANAGER",
    "IAM_LOGIN_CLIENT",
    "ORG_USER_MANAGER",
    "ORG_OWNER_VIEWER",
    "ORG_USER_PERMISSION_EDITOR",
    "ORG_PROJECT_PERMISSION_EDITOR",
  ])("%s grants org.read only", (role) => {
    expect(permissionsOfRoles([role])).toEqual(new Set(["org.read"]));
  });

  it.each(["ORG_PROJECT_CREATOR", "IAM_ADMIN_IMPERSONATOR", "PROJECT_OWNER", "ORG_USER_SELF_MANAGER", "NOT_A_ROLE"])(
    "%s grants neither permission",
    (role) => {
      expect(permissionsOfRoles([role]).size).toBe(0);
    },
  );

  it("unites the permissions of several roles", () => {
    expect(permissionsOfRoles(["ORG_PROJECT_CREATOR", "ORG_OWNER_VIEWER", "ORG_SETTINGS_MANAGER"])).toEqual(
      new Set(["org.read", "org.write"]),
    );
    expect(permissionsOfRoles([]).size).toBe(0);
  });
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
