// User metadata in the User service v2: /v2/users/{id}/metadata over REST and Connect (a REST run)
// or gRPC (a gRPC run). Writes go only to the user named by CONTRACT_USER_ID (in-process: ACME's
// owner), only to prefixed keys, and every key this file leaves behind is deleted in afterAll.
import type { JsonObject } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { need, useContract } from "../kit/contract.js";
import { Code, ZitadelError, expectError, expectOk, validationError } from "../kit/expectations.js";
import { b64 } from "../kit/values.js";
import { V2Client, type V2Protocol, v2ProtocolsFor } from "../kit/v2-client.js";

const contract = useContract("v2-user");

/** The user errors of the v2 service (reference zitadel-metadata-more-apis.md §3.6). */
const UserError = {
  UserNotFound: { http: 400, code: Code.FailedPrecondition, id: "COMMAND-uXHNj" },
  ListEmpty: { http: 400, code: Code.FailedPrecondition, id: "META-9mm2d" },
  KeysNotExisting: { http: 404, code: Code.NotFound, id: "META-2nnds" },
  NoPermissionOnUser: { http: 403, code: Code.PermissionDenied, id: "AUTH-AWfge" },
} as const;

const UNKNOWN_USER = "contract-no-such-user";

const clients = new Map<V2Protocol, V2Client>();
const clientFor = (protocol: V2Protocol) => {
  const client = clients.get(protocol) ?? new V2Client(contract.target.baseUrl, protocol);
  clients.set(protocol, client);
  return client;
};

const userOf = (t: TestContext) => need(t, contract.target, "userId");

const listPrefix = async (client: V2Client, userId: string, prefix: string, pagination: JsonObject = { limit: 1000 }) =>
  expectOk(
    await client.call(
      "listUserMetadata",
      { userId, pagination, filters: [{ keyFilter: { key: prefix, method: "TEXT_FILTER_METHOD_STARTS_WITH" } }] },
      { token: contract.target.token },
    ),
  );

// The in-process mock loads its v2 services on the first v2 call (decision 023); a read pays for it
// here, not in the first case's time budget.
beforeAll(async () => {
  await clientFor("rest").call("listUserMetadata", { userId: UNKNOWN_USER }, { token: contract.target.token });
}, 30_000);

afterAll(async () => {
  const client = clients.values().next().value;
  const userId = contract.target.userId;
  if (!client || userId === undefined) return;
  const keys = ((await listPrefix(client, userId, contract.keys.prefix)).metadata ?? []).map((m) => m.key);
  if (keys.length > 0) expectOk(await client.call("deleteUserMetadata", { userId, keys }, { token: contract.target.token }));
});

describe.each(v2ProtocolsFor(contract.transport))("User service v2 over %s", (protocol) => {
  const keys = contract.keys.space(protocol);
  const client = () => clientFor(protocol);
  const own = () => ({ token: contract.target.token });
  const setOne = (userId: string, key: string, value: string, options: { token: string | null; orgId?: string } = own()) =>
    client().call("setUserMetadata", { userId, metadata: [{ key, value: b64(value) }] }, options);

  it("sets keys that v1 reads back, and lists them newest first (ascending with asc)", async (t) => {
    const userId = await userOf(t);
    const space = keys.space("order");
    for (const name of ["1", "2", "3"]) expectOk(await setOne(userId, space.key(name), name));

    const v1 = expectOk(await contract.client.getUserMetadata({ id: userId, key: space.key("2") }));
    expect(v1.metadata.value).toBe(b64("2"));

    const newest = await listPrefix(client(), userId, space.prefix, {});
    expect(newest.pagination).toEqual({ totalResult: "3", appliedLimit: "100" });
    expect(newest.metadata?.map((m) => m.key)).toEqual([space.key("3"), space.key("2"), space.key("1")]);
    const oldest = await listPrefix(client(), userId, space.prefix, { asc: true, limit: 2 });
    expect(oldest.metadata?.map((m) => m.key)).toEqual([space.key("1"), space.key("2")]);
    expect(oldest.pagination?.appliedLimit).toBe("2");
  });

  it("writes no event for an unchanged value: setDate stays the same", async (t) => {
    const userId = await userOf(t);
    const key = keys.key("same");
    const first = expectOk(await setOne(userId, key, "v"));
    const again = expectOk(await setOne(userId, key, "v"));
    expect(again.setDate).toBe(first.setDate);
  });

  it("deletes all keys or none: a missing key is 404 META-2nnds; an empty list is META-9mm2d", async (t) => {
    const userId = await userOf(t);
    const [a, b] = [keys.key("del-a"), keys.key("del-b")];
    for (const key of [a, b]) expectOk(await setOne(userId, key, "x"));

    expectError(await client().call("deleteUserMetadata", { userId, keys: [a, keys.key("missing")] }, own()), UserError.KeysNotExisting);
    expectError(await client().call("deleteUserMetadata", { userId, keys: [] }, own()), UserError.ListEmpty);
    expect(expectOk(await client().call("deleteUserMetadata", { userId, keys: [a, b] }, own())).deletionDate).toBeDefined();
    expectError(await client().call("deleteUserMetadata", { userId, keys: [a] }, own()), UserError.KeysNotExisting);
  });

  it("answers a user that does not exist: writes 400 COMMAND-uXHNj (after the empty-list check), list 200 empty", async () => {
    expectError(await client().call("setUserMetadata", { userId: UNKNOWN_USER, metadata: [] }, own()), UserError.ListEmpty);
    expectError(await setOne(UNKNOWN_USER, keys.key("ghost"), "x"), UserError.UserNotFound);
    const list = expectOk(await client().call("listUserMetadata", { userId: UNKNOWN_USER }, own()));
    expect([list.metadata ?? [], list.pagination?.appliedLimit]).toEqual([[], "100"]);
  });

  it("refuses what protoc-gen-validate refuses: a key over 200 runes, an empty user id, a limit over 1000", async (t) => {
    const userId = await userOf(t);
    expectError(await setOne(userId, keys.keyOfLength(201), "x"), validationError("SetUserMetadataRequest.Metadata[0]"));
    // Over REST an empty id leaves `//` in the path, which the router cleans away (no RPC is reached).
    if (protocol !== "rest") expectError(await setOne("", keys.key("v"), "x"), validationError("SetUserMetadataRequest.UserId"));
    expectError(await client().call("listUserMetadata", { userId, pagination: { limit: 1001 } }, own()), ZitadelError.LimitExceeded);
  });

  it("checks user.write in the user's org: 404 without membership there, 403 for a read-only member", async (t) => {
    const userId = await userOf(t);
    expectError(await setOne(userId, keys.key("any"), "x", { token: null }), ZitadelError.AuthHeaderMissing);
    const stranger = await need(t, contract.target, "noMembershipToken");
    expectError(await setOne(userId, keys.key("stranger"), "x", { token: stranger }), ZitadelError.MembershipNotFound);
    const readonly = await need(t, contract.target, "readonlyToken");
    expectError(await setOne(userId, keys.key("readonly"), "x", { token: readonly }), UserError.NoPermissionOnUser);
  });

  it("lists for a member with user.read; a caller without it in the user's org gets no rows, counted all the same", async (t) => {
    const userId = await userOf(t);
    const key = keys.key("visible");
    expectOk(await setOne(userId, key, "x"));
    const readonly = await need(t, contract.target, "readonlyToken");
    const filters = [{ keyFilter: { key, method: "TEXT_FILTER_METHOD_EQUALS" } }];
    const read = expectOk(await client().call("listUserMetadata", { userId, filters }, { token: readonly }));
    expect(read.metadata?.map((m) => m.key)).toEqual([key]);

    // The stranger's own org is its context: where it may read, the row check drops the rows.
    const stranger = await need(t, contract.target, "noMembershipToken");
    const foreign = await client().call("listUserMetadata", { userId, filters }, { token: stranger });
    if (foreign.ok) expect([foreign.body.metadata ?? [], foreign.body.pagination?.totalResult]).toEqual([[], "1"]);
    else expect([ZitadelError.MembershipNotFound.id, ZitadelError.NoMatchingPermissions.id]).toContain(foreign.errorId);
  });
});
