import { beforeEach, describe, expect, it } from "vitest";
import { steppingClock } from "../clock.js";
import { StatusCode, ZitadelError } from "../errors.js";
import type { InstanceSeed } from "../instance-seed.js";
import { Instance } from "../instance.js";
import { TextQueryMethod } from "./text-query.js";
import * as ops from "./user-metadata-operations.js";

/** ZITADEL's user-metadata commands and queries (reference §1.4-1.8), on a small instance. */

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const SEEDED_AT = new Date("2025-01-01T00:00:00Z");

const seed: InstanceSeed = {
  orgs: [
    { id: "acme", name: "ACME", primaryDomain: "acme.localhost" },
    { id: "globex", name: "Globex", primaryDomain: "globex.localhost" },
  ],
  users: [
    { id: "alice", orgId: "acme", userName: "alice", tokens: [], memberships: [] },
    { id: "bob", orgId: "acme", userName: "bob", tokens: [], memberships: [] },
    { id: "gary", orgId: "globex", userName: "gary", tokens: [], memberships: [] },
  ],
  metadata: [],
  userMetadata: [
    { userId: "alice", key: "locale", value: bytes("de-CH") },
    { userId: "alice", key: "theme", value: bytes("dark") },
  ],
};

let instance: Instance;
beforeEach(() => {
  // Seeding reads the clock once; every later push advances it by one second.
  instance = new Instance(seed, steppingClock(SEEDED_AT, 1000));
});

const acme = () => instance.org("acme")!;
const inAcme = (userId: string) => ops.userInOrg(instance, acme(), userId);
const at = (seconds: number) => new Date(SEEDED_AT.getTime() + seconds * 1000);

const failure = (run: () => unknown): { code: number; id: string | undefined } => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ZitadelError);
    const { code, id } = error as ZitadelError;
    return { code, id };
  }
  throw new Error("expected a ZitadelError");
};

describe("userInOrg: v1 scopes the user to the context org", () => {
  it("finds a user of the org, and neither a user of another org nor an unknown id", () => {
    expect(inAcme("alice")?.id).toBe("alice");
    expect(inAcme("gary")).toBeUndefined();
    expect(inAcme("nobody")).toBeUndefined();
    expect(ops.userInOrg(instance, instance.org("globex")!, "gary")?.id).toBe("gary");
  });
});

describe("setUserMetadata", () => {
  it("pushes a set event on the user: sequence of the user aggregate, the user's org as resource owner", () => {
    // alice: user.added (1), two seeded keys (2, 3)
    expect(ops.setUserMetadata(inAcme("alice"), { key: "plan", value: bytes("pro") })).toEqual({
      sequence: 4,
      creationDate: at(1),
      resourceOwner: "acme",
    });
    expect(instance.user("alice")!.aggregate.metadata.get("plan")!.value).toEqual(bytes("pro"));
  });

  it("writes nothing for an unchanged value and reports the user's latest metadata event", () => {
    ops.setUserMetadata(inAcme("alice"), { key: "plan", value: bytes("pro") }); // sequence 4 at +1s
    const sequence = instance.user("alice")!.aggregate.sequence;
    expect(ops.setUserMetadata(inAcme("alice"), { key: "locale", value: bytes("de-CH") })).toEqual({
      sequence: 4,
      creationDate: at(1),
      resourceOwner: "acme",
    });
    expect(instance.user("alice")!.aggregate.sequence).toBe(sequence);
  });

  it("fails with COMMAND-uXHNj for a user of another org or an unknown user", () => {
    const userNotFound = { code: StatusCode.FailedPrecondition, id: "COMMAND-uXHNj" };
    expect(failure(() => ops.setUserMetadata(inAcme("gary"), { key: "k", value: bytes("v") }))).toEqual(userNotFound);
    expect(failure(() => ops.setUserMetadata(inAcme("nobody"), { key: "k", value: bytes("v") }))).toEqual(userNotFound);
    expect(instance.user("gary")!.aggregate.metadata.size).toBe(0);
  });

  it("rejects an empty key or value with META-2m00f (the user's id, not the org's META-2ml0f)", () => {
    const invalid = { code: StatusCode.InvalidArgument, id: "META-2m00f" };
    expect(failure(() => ops.setUserMetadata(inAcme("bob"), { key: "", value: bytes("v") }))).toEqual(invalid);
    expect(failure(() => ops.setUserMetadata(inAcme("bob"), { key: "k", value: new Uint8Array() }))).toEqual(invalid);
  });
});

describe("bulkSetUserMetadata", () => {
  it("checks the empty list (META-9mm2d) before the user", () => {
    expect(failure(() => ops.bulkSetUserMetadata(undefined, []))).toEqual({ code: StatusCode.FailedPrecondition, id: "META-9mm2d" });
    expect(failure(() => ops.bulkSetUserMetadata(undefined, [{ key: "k", value: bytes("v") }]))).toEqual({
      code: StatusCode.FailedPrecondition,
      id: "COMMAND-uXHNj",
    });
  });

  it("skips unchanged entries and pushes the others in one push", () => {
    const details = ops.bulkSetUserMetadata(inAcme("alice"), [
      { key: "locale", value: bytes("de-CH") },
      { key: "theme", value: bytes("light") },
      { key: "plan", value: bytes("pro") },
    ]);
    expect(details).toEqual({ sequence: 5, changeDate: at(1), resourceOwner: "acme" });
    const rows = instance.user("alice")!.aggregate.metadata;
    expect(rows.get("locale")!.sequence).toBe(2);
    expect(rows.get("theme")!.value).toEqual(bytes("light"));
  });

  it("pushes nothing when every entry is unchanged, and answers the latest metadata event", () => {
    expect(ops.bulkSetUserMetadata(inAcme("alice"), [{ key: "theme", value: bytes("dark") }])).toEqual({
      sequence: 3,
      changeDate: SEEDED_AT,
      resourceOwner: "acme",
    });
    expect(instance.user("alice")!.aggregate.sequence).toBe(3);
  });

  it("sets nothing when one changed entry is invalid", () => {
    expect(
      failure(() => ops.bulkSetUserMetadata(inAcme("alice"), [{ key: "new", value: bytes("v") }, { key: "", value: bytes("v") }])),
    ).toEqual({ code: StatusCode.InvalidArgument, id: "META-2m00f" });
    expect(instance.user("alice")!.aggregate.metadata.has("new")).toBe(false);
  });

  it("lets the last value of a repeated key win", () => {
    ops.bulkSetUserMetadata(inAcme("bob"), [
      { key: "k", value: bytes("1") },
      { key: "k", value: bytes("2") },
    ]);
    expect(instance.user("bob")!.aggregate.metadata.get("k")!.value).toEqual(bytes("2"));
  });
});

describe("getUserMetadata and listUserMetadata", () => {
  it("get returns the row with the user's org as resource owner", () => {
    expect(ops.getUserMetadata(inAcme("alice"), "locale")).toEqual({
      key: "locale",
      value: bytes("de-CH"),
      details: { sequence: 2, creationDate: SEEDED_AT, changeDate: SEEDED_AT, resourceOwner: "acme" },
    });
  });

  it("get fails with QUERY-Rgh32 for a missing key, a user out of scope or an unknown user", () => {
    const notFound = { code: StatusCode.NotFound, id: "QUERY-Rgh32" };
    expect(failure(() => ops.getUserMetadata(inAcme("alice"), "Locale"))).toEqual(notFound);
    expect(failure(() => ops.getUserMetadata(undefined, "locale"))).toEqual(notFound);
  });

  it("list filters, pages and counts as org metadata does", () => {
    const list = ops.listUserMetadata(
      inAcme("alice"),
      { queries: [{ key: "LOC", method: TextQueryMethod.StartsWithIgnoreCase }], offset: 0, limit: 0 },
      SEEDED_AT,
    );
    expect(list.rows.map((r) => r.key)).toEqual(["locale"]);
    expect(list.totalResult).toBe(1);
    expect(ops.listUserMetadata(inAcme("alice"), { queries: [], offset: 1, limit: 1 }, SEEDED_AT).rows.map((r) => r.key)).toEqual([
      "theme",
    ]);
  });

  it("list gives an empty page for a user out of scope, but still checks the limit", () => {
    expect(ops.listUserMetadata(undefined, { queries: [], offset: 0, limit: 0 }, SEEDED_AT)).toEqual({
      totalResult: 0,
      rows: [],
      viewTimestamp: SEEDED_AT,
    });
    expect(failure(() => ops.listUserMetadata(undefined, { queries: [], offset: 0, limit: 1001 }, SEEDED_AT))).toEqual({
      code: StatusCode.InvalidArgument,
      id: "QUERY-4M0fs",
    });
  });
});

describe("removeUserMetadata and bulkRemoveUserMetadata", () => {
  it("remove checks the empty key (META-2n0fs) before the user, then the key (META-ncnw3)", () => {
    expect(failure(() => ops.removeUserMetadata(undefined, ""))).toEqual({ code: StatusCode.InvalidArgument, id: "META-2n0fs" });
    expect(failure(() => ops.removeUserMetadata(undefined, "locale"))).toEqual({ code: StatusCode.FailedPrecondition, id: "COMMAND-uXHNj" });
    expect(failure(() => ops.removeUserMetadata(inAcme("alice"), "nope"))).toEqual({ code: StatusCode.NotFound, id: "META-ncnw3" });
    expect(ops.removeUserMetadata(inAcme("alice"), "locale")).toEqual({ sequence: 4, changeDate: at(1), resourceOwner: "acme" });
    expect(instance.user("alice")!.aggregate.metadata.has("locale")).toBe(false);
  });

  it("bulk remove: META-9mm2d for an empty list (not the org's META-9mw2d), then the user, then each key", () => {
    expect(failure(() => ops.bulkRemoveUserMetadata(undefined, []))).toEqual({ code: StatusCode.FailedPrecondition, id: "META-9mm2d" });
    expect(failure(() => ops.bulkRemoveUserMetadata(undefined, ["locale"]))).toEqual({
      code: StatusCode.FailedPrecondition,
      id: "COMMAND-uXHNj",
    });
    expect(failure(() => ops.bulkRemoveUserMetadata(inAcme("alice"), ["locale", ""]))).toEqual({
      code: StatusCode.InvalidArgument,
      id: "COMMAND-m29ds",
    });
    expect(failure(() => ops.bulkRemoveUserMetadata(inAcme("alice"), ["locale", "nope"]))).toEqual({
      code: StatusCode.NotFound,
      id: "META-2nnds",
    });
    expect(instance.user("alice")!.aggregate.metadata.size).toBe(2);
    expect(ops.bulkRemoveUserMetadata(inAcme("alice"), ["locale", "theme"])).toEqual({
      sequence: 5,
      changeDate: at(1),
      resourceOwner: "acme",
    });
    expect(instance.user("alice")!.aggregate.metadata.size).toBe(0);
  });
});

describe("reset", () => {
  it("restores the seeded user metadata and sequences", () => {
    ops.setUserMetadata(inAcme("bob"), { key: "k", value: bytes("v") });
    ops.removeUserMetadata(inAcme("alice"), "locale");
    instance.reset();
    expect(instance.user("bob")!.aggregate.metadata.size).toBe(0);
    expect(ops.getUserMetadata(inAcme("alice"), "locale").details.sequence).toBe(2);
    expect(instance.user("alice")!.aggregate.sequence).toBe(3);
  });

  it("restores the seeded rows (value, sequence, dates: a snapshot, no event replayed) and the latest metadata event", () => {
    const seededRow = instance.user("alice")!.aggregate.metadata.get("theme")!;
    ops.setUserMetadata(inAcme("alice"), { key: "theme", value: bytes("light") });
    instance.reset();
    const restored = instance.user("alice")!.aggregate.metadata.get("theme")!;
    expect({ ...restored, value: restored.value }).toEqual({ ...seededRow, value: seededRow.value });
    // An unchanged write answers the latest metadata event: the last seeded entry (sequence 3, at the seed instant).
    expect(ops.setUserMetadata(inAcme("alice"), { key: "theme", value: bytes("dark") })).toEqual({ sequence: 3, creationDate: SEEDED_AT, resourceOwner: "acme" });
  });
});
