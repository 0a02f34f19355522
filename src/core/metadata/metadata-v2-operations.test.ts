import { beforeEach, describe, expect, it } from "vitest";
import { type Clock } from "../clock.js";
import { ZitadelError } from "../errors.js";
import type { InstanceSeed } from "../instance-seed.js";
import { Instance } from "../instance.js";
import * as v2 from "./metadata-v2-operations.js";
import { listOrgMetadata, setOrgMetadata } from "./org-metadata-operations.js";
import { TextQueryMethod } from "./text-query.js";
import { listUserMetadata, userInOrg } from "./user-metadata-operations.js";

/** The v2 services' semantics (reference §2-3) over the shared store, on a small instance. */

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const SEEDED_AT = new Date("2025-01-01T00:00:00Z");

const seed: InstanceSeed = {
  orgs: [
    { id: "acme", name: "ACME", primaryDomain: "acme.localhost" },
    { id: "globex", name: "Globex", primaryDomain: "globex.localhost" },
  ],
  users: [
    { id: "owner", orgId: "acme", userName: "owner", tokens: [], memberships: [{ orgId: "acme", roles: ["ORG_OWNER"] }] },
    { id: "viewer", orgId: "acme", userName: "viewer", tokens: [], memberships: [{ orgId: "acme", roles: ["ORG_OWNER_VIEWER"] }] },
    { id: "project", orgId: "acme", userName: "project", tokens: [], memberships: [{ orgId: "acme", roles: ["PROJECT_OWNER"] }] },
    { id: "iam", orgId: "acme", userName: "iam", tokens: [], memberships: [{ instance: true, roles: ["IAM_OWNER"] }] },
    { id: "gary", orgId: "globex", userName: "gary", tokens: [], memberships: [{ orgId: "globex", roles: ["ORG_OWNER"] }] },
  ],
  metadata: [{ orgId: "acme", key: "plan", value: bytes("gold") }],
  userMetadata: [{ userId: "gary", key: "employee", value: bytes("G-1") }],
};

/** One step per call by default; `hold()` keeps the instant (several writes in one millisecond). */
const manualClock = () => {
  let now = SEEDED_AT.getTime();
  let step = 1000;
  const clock: Clock = () => {
    const date = new Date(now);
    now += step;
    return date;
  };
  return { clock, hold: () => (step = 0) };
};

let instance: Instance;
let time: ReturnType<typeof manualClock>;
beforeEach(() => {
  time = manualClock();
  instance = new Instance(seed, time.clock);
});

const user = (id: string) => instance.user(id)!;
const entry = (key: string, value = key) => ({ key, value: bytes(value) });
const page = (over: Partial<v2.PaginatedListRequest> = {}): v2.PaginatedListRequest => ({ queries: [], offset: 0, limit: 0, asc: false, ...over });
const NOW = new Date("2025-06-01T00:00:00Z");

const failure = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ZitadelError);
    return (error as ZitadelError).id;
  }
  throw new Error("expected a ZitadelError");
};

describe("Organization service v2beta: the org named in the request", () => {
  it("sets and deletes on the v1 rows: a key set through v2beta is read through v1 with its sequence", () => {
    const details = v2.setOrganizationMetadata(instance, "acme", [entry("a"), entry("b")]);
    const v1 = listOrgMetadata(instance.org("acme")!, { queries: [], offset: 0, limit: 0 }, NOW);
    expect(v1.rows.map((r) => [r.key, r.sequence])).toEqual([
      ["a", 3],
      ["b", 4],
      ["plan", 2],
    ]);
    expect(v2.eventDate(details)).toEqual(v1.rows[1]!.changeDate);
    v2.deleteOrganizationMetadata(instance, "acme", ["a", "b"]);
    expect(instance.org("acme")!.aggregate.metadata.has("a")).toBe(false);
  });

  it("always pushes, even an unchanged value", () => {
    const first = v2.eventDate(v2.setOrganizationMetadata(instance, "acme", [entry("plan", "gold")]));
    const second = v2.eventDate(v2.setOrganizationMetadata(instance, "acme", [entry("plan", "gold")]));
    expect(second.getTime()).toBeGreaterThan(first.getTime());
  });

  it("checks the empty list before the org, then the org (COMMAND-QXPGs), then the keys", () => {
    expect(failure(() => v2.setOrganizationMetadata(instance, "nowhere", []))).toBe("META-9mm2d");
    expect(failure(() => v2.deleteOrganizationMetadata(instance, "nowhere", []))).toBe("META-9mw2d");
    expect(failure(() => v2.setOrganizationMetadata(instance, "nowhere", [entry("a")]))).toBe("COMMAND-QXPGs");
    expect(failure(() => v2.deleteOrganizationMetadata(instance, "nowhere", ["plan"]))).toBe("COMMAND-QXPGs");
    expect(failure(() => v2.deleteOrganizationMetadata(instance, "acme", ["plan", "missing"]))).toBe("META-2npds");
    expect(instance.org("acme")!.aggregate.metadata.has("plan")).toBe(true);
  });

  it("lists with limit 100 by default and echoes the request's limit as appliedLimit", () => {
    v2.setOrganizationMetadata(instance, "acme", Array.from({ length: 120 }, (_, i) => entry(`k${String(i).padStart(3, "0")}`)));
    const unlimited = v2.listOrganizationMetadata(instance, "acme", page(), NOW);
    expect([unlimited.rows.length, unlimited.totalResult, unlimited.appliedLimit]).toEqual([100, 121, 0]);
    const limited = v2.listOrganizationMetadata(instance, "acme", page({ limit: 5, offset: 118 }), NOW);
    expect([limited.rows.map((r) => r.key), limited.appliedLimit]).toEqual([["k118", "k119", "plan"], 5]);
    expect(failure(() => v2.listOrganizationMetadata(instance, "acme", page({ limit: 1001 }), NOW))).toBe("QUERY-4M0fs");
  });

  it("lists nothing for an unknown org", () => {
    expect(v2.listOrganizationMetadata(instance, "nowhere", page(), NOW)).toMatchObject({ totalResult: 0, rows: [] });
  });
});

describe("User service v2: the user anywhere in the instance, permissions in the user's org", () => {
  it("writes the v1 rows of the user, in the user's org", () => {
    v2.setUserMetadataV2(instance, user("gary"), "gary", [entry("k")]);
    const v1 = listUserMetadata(userInOrg(instance, instance.org("globex")!, "gary"), { queries: [], offset: 0, limit: 0 }, NOW);
    expect(v1.rows.map((r) => r.key)).toEqual(["employee", "k"]);
  });

  it("needs user.write in the target user's org: no membership there 404, a viewer 403, an instance role passes", () => {
    expect(failure(() => v2.setUserMetadataV2(instance, user("owner"), "gary", [entry("k")]))).toBe("AUTHZ-cdgFk");
    expect(failure(() => v2.setUserMetadataV2(instance, user("viewer"), "owner", [entry("k")]))).toBe("AUTH-AWfge");
    expect(failure(() => v2.deleteUserMetadataV2(instance, user("owner"), "gary", ["employee"]))).toBe("AUTHZ-cdgFk");
    expect(v2.setUserMetadataV2(instance, user("iam"), "gary", [entry("k")])).toBeDefined();
  });

  it("has no self-management exemption: a viewer cannot write its own metadata", () => {
    expect(failure(() => v2.setUserMetadataV2(instance, user("viewer"), "viewer", [entry("k")]))).toBe("AUTH-AWfge");
  });

  it("checks the empty list, then the user (instance-wide), then the permission, then the keys", () => {
    expect(failure(() => v2.setUserMetadataV2(instance, user("viewer"), "nobody", []))).toBe("META-9mm2d");
    expect(failure(() => v2.deleteUserMetadataV2(instance, user("viewer"), "", []))).toBe("META-9mm2d");
    expect(failure(() => v2.setUserMetadataV2(instance, user("viewer"), "nobody", [entry("k")]))).toBe("COMMAND-uXHNj");
    expect(failure(() => v2.deleteUserMetadataV2(instance, user("viewer"), "", ["k"]))).toBe("COMMAND-uXHNj");
    expect(failure(() => v2.deleteUserMetadataV2(instance, user("viewer"), "gary", ["missing"]))).toBe("AUTHZ-cdgFk");
    expect(failure(() => v2.deleteUserMetadataV2(instance, user("gary"), "gary", ["employee", "missing"]))).toBe("META-2nnds");
  });

  it("writes nothing for an unchanged value: set_date is the latest metadata event's", () => {
    const first = v2.eventDate(v2.setUserMetadataV2(instance, user("gary"), "gary", [entry("k")]));
    const again = v2.eventDate(v2.setUserMetadataV2(instance, user("gary"), "gary", [entry("k")]));
    expect(again).toEqual(first);
    expect(user("gary").aggregate.sequence).toBe(3);
  });

  it("lists newest first (ascending with asc), limit 100 by default reported as appliedLimit", () => {
    for (const key of ["key1", "key2", "key3"]) v2.setUserMetadataV2(instance, user("owner"), "owner", [entry(key)]);
    const newest = v2.listUserMetadataV2(instance, user("owner"), "owner", page(), NOW);
    expect(newest.rows.map((r) => r.key)).toEqual(["key3", "key2", "key1"]);
    expect([newest.totalResult, newest.appliedLimit]).toEqual([3, 100]);
    const oldest = v2.listUserMetadataV2(instance, user("owner"), "owner", page({ asc: true, limit: 2, offset: 1 }), NOW);
    expect([oldest.rows.map((r) => r.key), oldest.appliedLimit]).toEqual([["key2", "key3"], 2]);
  });

  it("orders writes of the same instant by their sequence", () => {
    time.hold();
    for (const key of ["b", "a", "c"]) v2.setUserMetadataV2(instance, user("owner"), "owner", [entry(key)]);
    expect(v2.listUserMetadataV2(instance, user("owner"), "owner", page(), NOW).rows.map((r) => r.key)).toEqual(["c", "a", "b"]);
  });

  it("filters by key as v1 does", () => {
    v2.setUserMetadataV2(instance, user("owner"), "owner", [entry("app.theme"), entry("app.lang"), entry("other")]);
    const list = v2.listUserMetadataV2(
      instance,
      user("owner"),
      "owner",
      page({ queries: [{ key: "APP.", method: TextQueryMethod.StartsWithIgnoreCase }] }),
      NOW,
    );
    expect(list.rows.map((r) => r.key).sort()).toEqual(["app.lang", "app.theme"]);
  });

  it("drops the rows the caller may not read and still counts them", () => {
    const list = v2.listUserMetadataV2(instance, user("owner"), "gary", page(), NOW);
    expect([list.rows.length, list.totalResult]).toEqual([0, 1]);
    expect(v2.listUserMetadataV2(instance, user("iam"), "gary", page(), NOW).rows.map((r) => r.key)).toEqual(["employee"]);
  });

  it("lets project roles pass no row check, and exempts the caller's own rows", () => {
    v2.setUserMetadataV2(instance, user("owner"), "viewer", [entry("v")]);
    v2.setUserMetadataV2(instance, user("owner"), "project", [entry("p")]);
    expect(v2.listUserMetadataV2(instance, user("project"), "viewer", page(), NOW)).toMatchObject({ rows: [], totalResult: 1 });
    expect(v2.listUserMetadataV2(instance, user("project"), "project", page(), NOW).rows.map((r) => r.key)).toEqual(["p"]);
  });

  it("lists nothing for a user that does not exist", () => {
    expect(v2.listUserMetadataV2(instance, user("owner"), "nobody", page(), NOW)).toMatchObject({ rows: [], totalResult: 0, appliedLimit: 100 });
  });

  it("is cleared by reset, like v1", () => {
    v2.setUserMetadataV2(instance, user("gary"), "gary", [entry("k")]);
    setOrgMetadata(instance.org("acme")!, entry("x"));
    instance.reset();
    expect(user("gary").aggregate.metadata.has("k")).toBe(false);
    expect(instance.org("acme")!.aggregate.metadata.has("x")).toBe(false);
  });
});
