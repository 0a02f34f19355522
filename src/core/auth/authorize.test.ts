import { describe, expect, it } from "vitest";
import type { InstanceSeed } from "../instance-seed.js";
import { StatusCode, ZitadelError } from "../errors.js";
import { Instance } from "../instance.js";
import { type CallCredentials, authorize } from "./authorize.js";
import type { Permission } from "./role-permissions.js";

/** ZITADEL's auth interceptor (reference §5, §10.1-2), on a small instance. */

const seed: InstanceSeed = {
  orgs: [
    { id: "home", name: "Home", primaryDomain: "home.localhost" },
    { id: "other", name: "Other", primaryDomain: "other.localhost" },
    { id: "third", name: "Third", primaryDomain: "third.localhost" },
  ],
  users: [
    { id: "u-iam", orgId: "home", userName: "iam", tokens: ["iam"], memberships: [{ instance: true, roles: ["IAM_OWNER"] }] },
    { id: "u-iam-viewer", orgId: "home", userName: "iam-viewer", tokens: ["iam-viewer"], memberships: [{ instance: true, roles: ["IAM_OWNER_VIEWER"] }] },
    { id: "u-owner", orgId: "home", userName: "owner", tokens: ["owner", "owner-2"], memberships: [{ orgId: "home", roles: ["ORG_OWNER"] }] },
    { id: "u-viewer", orgId: "home", userName: "viewer", tokens: ["viewer"], memberships: [{ orgId: "home", roles: ["ORG_OWNER_VIEWER"] }] },
    { id: "u-creator", orgId: "home", userName: "creator", tokens: ["creator"], memberships: [{ orgId: "home", roles: ["ORG_PROJECT_CREATOR"] }] },
    {
      id: "u-guest",
      orgId: "home",
      userName: "guest",
      tokens: ["guest"],
      memberships: [{ orgId: "other", roles: ["ORG_SETTINGS_MANAGER"] }],
    },
    {
      id: "u-mixed",
      orgId: "home",
      userName: "mixed",
      tokens: ["mixed"],
      memberships: [
        { orgId: "home", roles: ["ORG_PROJECT_CREATOR"] },
        { instance: true, roles: ["IAM_USER_MANAGER"] },
      ],
    },
    { id: "u-none", orgId: "home", userName: "none", tokens: ["none"], memberships: [] },
  ],
  metadata: [],
};
const instance = new Instance(seed);

const bearer = (token: string, orgId?: string): CallCredentials => ({ authorization: `Bearer ${token}`, orgId });

const failureOf = (credentials: CallCredentials, permission: Permission = "org.read"): ZitadelError => {
  try {
    authorize(instance, credentials, permission);
  } catch (error) {
    expect(error).toBeInstanceOf(ZitadelError);
    return error as ZitadelError;
  }
  throw new Error("authorize() did not fail");
};

const expectFailure = (
  credentials: CallCredentials,
  expected: { code: StatusCode; id: string | undefined; detailMessage: string },
  permission: Permission = "org.read",
) => {
  const error = failureOf(credentials, permission);
  expect({ code: error.code, id: error.id, detailMessage: error.detailMessage }).toEqual(expected);
  expect(error.message).toBe(expected.id ? `${expected.detailMessage} (${expected.id})` : expected.detailMessage);
};

const HEADER_MISSING = { code: StatusCode.Unauthenticated, id: undefined, detailMessage: "auth header missing" };
const INVALID_HEADER = { code: StatusCode.Unauthenticated, id: "AUTH-toLo1", detailMessage: "invalid auth header" };
const TOKEN_INVALID = { code: StatusCode.Unauthenticated, id: "AUTH-7fs1e", detailMessage: "Errors.Token.Invalid" };
const ORG_MISSING = { code: StatusCode.PermissionDenied, id: "AUTH-Bs7Ds", detailMessage: "Organisation doesn't exist" };
const NO_MEMBERSHIP = { code: StatusCode.NotFound, id: "AUTHZ-cdgFk", detailMessage: "membership not found" };
const NO_PERMISSION = { code: StatusCode.PermissionDenied, id: "AUTH-5mWD2", detailMessage: "No matching permissions found" };

describe("authorize: the token", () => {
  it("needs an authorization value", () => {
    expectFailure({}, HEADER_MISSING);
    expectFailure({ authorization: "" }, HEADER_MISSING);
    expectFailure({ authorization: undefined, orgId: "home" }, HEADER_MISSING);
  });

  it.each(["Basic b3duZXI=", "bearer owner", "BEARER owner", "Bearerowner", "owner", "Bearer owner Bearer owner", "Bearer Bearer owner", "Bearer owner Bearer ", "Token Bearer"])(
    "rejects %j as an invalid auth header",
    (authorization) => {
      expectFailure({ authorization }, INVALID_HEADER);
    },
  );

  it("rejects unknown tokens, including an empty one", () => {
    expectFailure(bearer("nobody"), TOKEN_INVALID);
    expectFailure(bearer(""), TOKEN_INVALID);
    expectFailure(bearer("Owner"), TOKEN_INVALID);
    expectFailure(bearer(" owner"), TOKEN_INVALID);
  });

  it("accepts a prefix before 'Bearer ' as ZITADEL's split does, and every token of a user", () => {
    expect(authorize(instance, { authorization: "xBearer owner" }, "org.read").user.id).toBe("u-owner");
    expect(authorize(instance, bearer("owner-2"), "org.write").user.id).toBe("u-owner");
  });

  it("checks the token before the org", () => {
    expectFailure(bearer("nobody", "no-such-org"), TOKEN_INVALID);
  });
});

describe("authorize: the org context", () => {
  it("is the user's org without header, or with an empty one", () => {
    expect(authorize(instance, bearer("owner"), "org.read").org.id).toBe("home");
    expect(authorize(instance, bearer("owner", ""), "org.read").org.id).toBe("home");
  });

  it("is the org of the header when given", () => {
    const context = authorize(instance, bearer("iam", "other"), "org.write");
    expect(context.org.id).toBe("other");
    expect(context.user.id).toBe("u-iam");
  });

  it("must exist: 403 AUTH-Bs7Ds, checked before the membership", () => {
    expectFailure(bearer("iam", "no-such-org"), ORG_MISSING);
    expectFailure(bearer("none", "no-such-org"), ORG_MISSING);
    expectFailure(bearer("owner", "HOME"), ORG_MISSING);
  });
});

describe("authorize: membership and permission", () => {
  it("needs a membership on the org or the instance: 404 AUTHZ-cdgFk", () => {
    expectFailure(bearer("owner", "other"), NO_MEMBERSHIP);
    expectFailure(bearer("none"), NO_MEMBERSHIP);
    expectFailure(bearer("guest"), NO_MEMBERSHIP, "org.write");
  });

  it("needs a role granting the permission: 403 AUTH-5mWD2", () => {
    expectFailure(bearer("creator"), NO_PERMISSION);
    expectFailure(bearer("creator"), NO_PERMISSION, "org.write");
    expectFailure(bearer("viewer"), NO_PERMISSION, "org.write");
    expectFailure(bearer("iam-viewer", "other"), NO_PERMISSION, "org.write");
  });

  it("grants org.read to viewers and org.read/org.write to owners", () => {
    expect(authorize(instance, bearer("viewer"), "org.read").org.id).toBe("home");
    expect(authorize(instance, bearer("owner"), "org.read").org.id).toBe("home");
    expect(authorize(instance, bearer("owner"), "org.write").org.id).toBe("home");
  });

  it("applies instance roles to every org", () => {
    for (const org of ["home", "other", "third"]) {
      expect(authorize(instance, bearer("iam", org), "org.write").org.id).toBe(org);
      expect(authorize(instance, bearer("iam-viewer", org), "org.read").org.id).toBe(org);
    }
  });

  it("uses memberships in an org other than the user's own when the header names it", () => {
    expect(authorize(instance, bearer("guest", "other"), "org.write").org.id).toBe("other");
    expectFailure(bearer("guest", "third"), NO_MEMBERSHIP);
  });

  it("unites the roles of the org membership and the instance membership", () => {
    expect(authorize(instance, bearer("mixed"), "org.read").org.id).toBe("home");
    expectFailure(bearer("mixed"), NO_PERMISSION, "org.write");
    // on another org only the instance membership counts
    expect(authorize(instance, bearer("mixed", "third"), "org.read").org.id).toBe("third");
  });
});
