// User metadata (Management API v1): /management/v1/users/{id}/metadata/{key|_bulk|_search}.
// Writes go only to the user named by CONTRACT_USER_ID (in-process: ACME's owner), only prefixed keys,
// and every key this file leaves behind is removed in afterAll.
import { afterAll, describe, expect, it, type TestContext } from "vitest";
import { need, useContract } from "../kit/contract.js";
import { Code, expectError, expectOk, expectRecentTimestamp, validationError, ZitadelError, type ExpectedError } from "../kit/expectations.js";
import { b64, compareUint64, millis } from "../kit/values.js";

const contract = useContract("user-md");

/** The user errors (ids differ from the org ones; reference zitadel-metadata-more-apis.md §1.4). */
const UserError = {
  UserNotFound: { http: 400, code: Code.FailedPrecondition, id: "COMMAND-uXHNj" },
  GetNotFound: { http: 404, code: Code.NotFound, id: "QUERY-Rgh32" },
  RemoveNotFound: { http: 404, code: Code.NotFound, id: "META-ncnw3" },
  BulkRemoveKeyNotExisting: { http: 404, code: Code.NotFound, id: "META-2nnds" },
  ListEmpty: { http: 400, code: Code.FailedPrecondition, id: "META-9mm2d" },
} as const satisfies Record<string, ExpectedError>;

/** A user id no instance has (ZITADEL ids are numeric). */
const UNKNOWN_USER = "contract-no-such-user";

const userOf = (t: TestContext) => need(t, contract.target, "userId");

const listKeys = async (id: string, prefix: string, options?: { orgId?: string }) => {
  const list = expectOk(
    await contract.client.listUserMetadata(
      { id, query: { limit: 1000 }, queries: [{ keyQuery: { key: prefix, method: "TEXT_QUERY_METHOD_STARTS_WITH" } }] },
      options,
    ),
  );
  return (list.result ?? []).map((m) => m.key).sort();
};

afterAll(async () => {
  // Runs before the kit's own teardown closes the target: remove this file's keys from the user.
  const id = contract.target.userId;
  if (id === undefined) return;
  const left = await listKeys(id, contract.keys.prefix);
  if (left.length > 0) expectOk(await contract.client.bulkRemoveUserMetadata({ id, keys: left }));
});

describe("SetUserMetadata and GetUserMetadata", () => {
  it("sets a key on the user: sequence, creationDate and the org as resourceOwner; get and list read it back", async (t) => {
    const id = await userOf(t);
    const { client, keys, target } = contract;
    const key = keys.key("set");
    const since = Date.now();

    const { details } = expectOk(await client.setUserMetadata({ id, key, value: b64("dark") }));

    expect(details.sequence).toMatch(/^[1-9][0-9]*$/);
    expectRecentTimestamp(details.creationDate, since);
    expect(details.changeDate).toBeUndefined();
    expect(details.resourceOwner).toBe(target.orgId);
    const { metadata } = expectOk(await client.getUserMetadata({ id, key }));
    expect({ key: metadata.key, value: metadata.value, sequence: metadata.details.sequence }).toEqual({
      key,
      value: b64("dark"),
      sequence: details.sequence,
    });
    expect(await listKeys(id, key)).toEqual([key]);
  });

  it("writes no event when the value is unchanged: the row keeps its change date; a changed value is a new event", async (t) => {
    const id = await userOf(t);
    const { client, keys } = contract;
    const key = keys.key("same");
    const first = expectOk(await client.setUserMetadata({ id, key, value: b64("v") }));

    expectOk(await client.setUserMetadata({ id, key, value: b64("v") }));
    expect(millis(expectOk(await client.getUserMetadata({ id, key })).metadata.details.changeDate)).toBe(millis(first.details.creationDate));

    const changed = expectOk(await client.setUserMetadata({ id, key, value: b64("w") }));
    expect(compareUint64(changed.details.sequence, first.details.sequence)).toBe(1);
  });

  it("answers a no-op Set with the user's latest metadata event, not the key's own", async (t) => {
    const id = await userOf(t);
    const { client, keys } = contract;
    const [a, b] = [keys.key("noop-a"), keys.key("noop-b")];
    const setA = expectOk(await client.setUserMetadata({ id, key: a, value: b64("v") }));
    const setB = expectOk(await client.setUserMetadata({ id, key: b, value: b64("w") }));

    const again = expectOk(await client.setUserMetadata({ id, key: a, value: b64("v") }));

    expect(compareUint64(again.details.sequence, setB.details.sequence)).toBeGreaterThanOrEqual(0);
    expect(expectOk(await client.getUserMetadata({ id, key: a })).metadata.details.sequence).toBe(setA.details.sequence);
  });

  it("answers 404 QUERY-Rgh32 for a key the user does not have", async (t) => {
    const id = await userOf(t);
    expectError(await contract.client.getUserMetadata({ id, key: contract.keys.key("never-set") }), UserError.GetNotFound);
  });

  it("rejects a key of 201 runes and an empty value with the PGV text of the user request", async (t) => {
    const id = await userOf(t);
    const { client, keys } = contract;
    expectError(await client.setUserMetadata({ id, key: keys.keyOfLength(201), value: b64("v") }), validationError("SetUserMetadataRequest.Key"));
    expectError(await client.setUserMetadata({ id, key: keys.key("empty"), value: "" }), validationError("SetUserMetadataRequest.Value"));
  });
});

describe("bulk operations and remove", () => {
  it("bulk sets and bulk removes several keys", async (t) => {
    const id = await userOf(t);
    const { client, keys } = contract;
    const space = keys.space("bulk");
    const [a, b] = [space.key("a"), space.key("b")];

    const since = Date.now();
    const set = expectOk(await client.bulkSetUserMetadata({ id, metadata: [{ key: a, value: b64("1") }, { key: b, value: b64("2") }] }));
    // Change details of the last event: changeDate, no creationDate.
    expectRecentTimestamp(set.details.changeDate, since);
    expect(set.details.creationDate).toBeUndefined();
    expect(set.details.resourceOwner).toBe(contract.target.orgId);
    expect(await listKeys(id, space.prefix)).toEqual([a, b]);

    expectOk(await client.bulkRemoveUserMetadata({ id, keys: [a, b] }));
    expect(await listKeys(id, space.prefix)).toEqual([]);
  });

  it("skips unchanged entries: the same bulk again writes no event for them", async (t) => {
    const id = await userOf(t);
    const { client, keys } = contract;
    const space = keys.space("bulk-same");
    const entries = [{ key: space.key("a"), value: b64("1") }, { key: space.key("b"), value: b64("2") }];
    expectOk(await client.bulkSetUserMetadata({ id, metadata: entries }));
    const before = expectOk(await client.getUserMetadata({ id, key: space.key("a") })).metadata.details;

    expectOk(await client.bulkSetUserMetadata({ id, metadata: entries }));

    const after = expectOk(await client.getUserMetadata({ id, key: space.key("a") })).metadata.details;
    expect({ sequence: after.sequence, changeDate: after.changeDate }).toEqual({ sequence: before.sequence, changeDate: before.changeDate });
  });

  it("removes all keys or none: one missing key is 404 META-2nnds", async (t) => {
    const id = await userOf(t);
    const { client, keys } = contract;
    const key = keys.key("kept");
    expectOk(await client.setUserMetadata({ id, key, value: b64("x") }));

    expectError(await client.bulkRemoveUserMetadata({ id, keys: [key, keys.key("missing")] }), UserError.BulkRemoveKeyNotExisting);

    expect(await listKeys(id, key)).toEqual([key]);
  });

  it("answers an empty list with 400 META-9mm2d, for bulk set and bulk remove alike, before it looks for the user", async (t) => {
    const id = await userOf(t);
    expectError(await contract.client.bulkSetUserMetadata({ id, metadata: [] }), UserError.ListEmpty);
    expectError(await contract.client.bulkRemoveUserMetadata({ id, keys: [] }), UserError.ListEmpty);
    expectError(await contract.client.bulkRemoveUserMetadata({ id: UNKNOWN_USER, keys: [] }), UserError.ListEmpty);
  });

  it("removes a key, and a second remove is 404 META-ncnw3", async (t) => {
    const id = await userOf(t);
    const { client, keys } = contract;
    const key = keys.key("removed");
    expectOk(await client.setUserMetadata({ id, key, value: b64("x") }));

    const since = Date.now();
    const { details } = expectOk(await client.removeUserMetadata({ id, key }));
    expectRecentTimestamp(details.changeDate, since);
    expect(details.creationDate).toBeUndefined();
    expect(details.resourceOwner).toBe(contract.target.orgId);

    expectError(await client.removeUserMetadata({ id, key }), UserError.RemoveNotFound);
  });
});

describe("ListUserMetadata limits", () => {
  it("accepts limit 1000 and rejects limit 1001 with 400 QUERY-4M0fs, like the org list", async (t) => {
    const id = await userOf(t);
    expectOk(await contract.client.listUserMetadata({ id, query: { limit: 1000 } }));
    expectError(await contract.client.listUserMetadata({ id, query: { limit: 1001 } }), ZitadelError.LimitExceeded);
  });
});

describe("a user that is not in the org context", () => {
  it("that does not exist: writes 400 COMMAND-uXHNj, get 404 QUERY-Rgh32, list 200 with no hits", async () => {
    const { client, keys } = contract;
    const key = keys.key("ghost");
    expectError(await client.setUserMetadata({ id: UNKNOWN_USER, key, value: b64("x") }), UserError.UserNotFound);
    expectError(await client.removeUserMetadata({ id: UNKNOWN_USER, key }), UserError.UserNotFound);
    expectError(await client.getUserMetadata({ id: UNKNOWN_USER, key }), UserError.GetNotFound);
    expect(expectOk(await client.listUserMetadata({ id: UNKNOWN_USER })).result ?? []).toEqual([]);
  });

  it("of another org (the user seen from the second org): as if it did not exist", async (t) => {
    const id = await userOf(t);
    const second = await need(t, contract.target, "secondOrgId");
    const { client, keys } = contract;
    const key = keys.key("scoped");
    expectOk(await client.setUserMetadata({ id, key, value: b64("x") }));

    expectError(await client.setUserMetadata({ id, key, value: b64("y") }, { orgId: second }), UserError.UserNotFound);
    expectError(await client.getUserMetadata({ id, key }, { orgId: second }), UserError.GetNotFound);
    expect(expectOk(await client.listUserMetadata({ id }, { orgId: second })).result ?? []).toEqual([]);
    expect(expectOk(await client.getUserMetadata({ id, key })).metadata.value).toBe(b64("x"));
  });
});

describe("authentication and permissions", () => {
  it("authenticates first: 401 without a token", async (t) => {
    const id = await userOf(t);
    expectError(await contract.client.getUserMetadata({ id, key: contract.keys.key("any") }, { rawAuthorization: null }), ZitadelError.AuthHeaderMissing);
  });

  it("lets the read-only token read but not write: 403 AUTH-5mWD2 (ORG_OWNER_VIEWER has user.read, not user.write)", async (t) => {
    const id = await userOf(t);
    const token = await need(t, contract.target, "readonlyToken");
    const key = contract.keys.key("readable");
    expectOk(await contract.client.setUserMetadata({ id, key, value: b64("x") }));

    expect(expectOk(await contract.client.getUserMetadata({ id, key }, { token })).metadata.value).toBe(b64("x"));
    expect(expectOk(await contract.client.listUserMetadata({ id }, { token })).result?.map((m) => m.key)).toContain(key);
    expectError(await contract.client.setUserMetadata({ id, key, value: b64("y") }, { token }), ZitadelError.NoMatchingPermissions);
    expectError(await contract.client.bulkRemoveUserMetadata({ id, keys: [key] }, { token }), ZitadelError.NoMatchingPermissions);
    expect(expectOk(await contract.client.getUserMetadata({ id, key })).metadata.value).toBe(b64("x"));
  });

  it("answers 404 AUTHZ-cdgFk to a token without membership in the org, and writes nothing", async (t) => {
    const id = await userOf(t);
    const token = await need(t, contract.target, "noMembershipToken");
    const key = contract.keys.key("foreign");

    expectError(await contract.client.setUserMetadata({ id, key, value: b64("x") }, { token }), ZitadelError.MembershipNotFound);

    expectError(await contract.client.getUserMetadata({ id, key }), UserError.GetNotFound);
  });
});
