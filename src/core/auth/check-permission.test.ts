import { describe, expect, it } from "vitest";
import type { User } from "../instance.js";
import { UserAggregate } from "../user/user-aggregate.js";
import type { SeedMembership } from "../instance-seed.js";
import type { ZitadelError } from "../errors.js";
import { checkPermission, hasPermission } from "./check-permission.js";

const caller = (...memberships: SeedMembership[]): User => ({
  id: "u",
  orgId: "home",
  userName: "u",
  tokens: [],
  memberships,
  aggregate: new UserAggregate("u", () => new Date(0)),
});

const refusal = (user: User, orgId: string, permission: "user.read" | "user.write" = "user.write"): string | undefined => {
  try {
    checkPermission(user, permission, orgId);
    return undefined;
  } catch (error) {
    return (error as ZitadelError).id;
  }
};

describe("checkPermission: ZITADEL's permission check on a resource in a given org", () => {
  it("looks at the memberships in the resource's org or the instance", () => {
    expect(refusal(caller({ orgId: "acme", roles: ["ORG_OWNER"] }), "acme")).toBeUndefined();
    expect(refusal(caller({ instance: true, roles: ["IAM_USER_MANAGER"] }), "acme")).toBeUndefined();
    expect(refusal(caller({ orgId: "home", roles: ["ORG_OWNER"] }), "acme")).toBe("AUTHZ-cdgFk");
  });

  it("refuses a membership without the permission (AUTH-AWfge), and project roles alone (AUTH-Swrgg2)", () => {
    expect(refusal(caller({ orgId: "acme", roles: ["ORG_OWNER_VIEWER"] }), "acme")).toBe("AUTH-AWfge");
    const project = caller({ orgId: "acme", roles: ["PROJECT_OWNER"] });
    expect(hasPermission(project, "user.read", "acme")).toBe(false);
    expect(refusal(project, "acme", "user.read")).toBe("AUTH-Swrgg2");
    expect(hasPermission(caller({ orgId: "acme", roles: ["ORG_OWNER_VIEWER"] }), "user.read", "acme")).toBe(true);
  });

  it("grants when any role in context grants outside a project, whichever membership or order", () => {
    const projectFirst = caller({ orgId: "acme", roles: ["PROJECT_OWNER", "ORG_OWNER_VIEWER"] });
    expect(refusal(projectFirst, "acme", "user.read")).toBeUndefined();
    const viaInstance = caller({ orgId: "acme", roles: ["PROJECT_OWNER"] }, { instance: true, roles: ["IAM_OWNER_VIEWER"] });
    expect(refusal(viaInstance, "acme", "user.read")).toBeUndefined();
    expect(refusal(viaInstance, "acme", "user.write")).toBe("AUTH-AWfge");
    // a membership elsewhere counts for nothing, not even its project roles
    expect(refusal(caller({ orgId: "acme", roles: ["ORG_OWNER_VIEWER"] }, { orgId: "home", roles: ["PROJECT_OWNER"] }), "acme", "user.write")).toBe("AUTH-AWfge");
  });
});
