// Organization metadata in the Organization service v2beta: /v2beta/organizations/{id}/metadata over
// REST and Connect (a REST run) or gRPC (a gRPC run). Writes go only to the target org, only to
// prefixed keys, and every key this file leaves behind is deleted in afterAll.
import type { JsonObject } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { need, useContract } from "../kit/contract.js";
import { unknownOrgId } from "../kit/examples.js";
import { Code, ZitadelError, expectError, expectOk, validationError } from "../kit/expectations.js";
import { b64, compareUint64, millis, total } from "../kit/values.js";
import { V2Client, type V2Protocol, v2ProtocolsFor } from "../kit/v2-client.js";

const contract = useContract("v2-org");

const OrgError = {
  OrgNotFound: { http: 400, code: Code.FailedPrecondition, id: "COMMAND-QXPGs" },
} as const;

const clients = new Map<V2Protocol, V2Client>();
const clientFor = (protocol: V2Protocol) => {
  const client = clients.get(protocol) ?? new V2Client(contract.target.baseUrl, protocol);
  clients.set(protocol, client);
  return client;
};

// The in-process mock loads its v2 services on the first v2 call (decision 023); a read pays for it
// here, not in the first case's time budget.
beforeAll(async () => {
  await clientFor("rest").call("listOrganizationMetadata", { organizationId: contract.target.orgId }, { token: contract.target.token });
}, 30_000);

afterAll(async () => {
  // Before the kit closes the target: delete this file's keys in the target org.
  const client = clients.values().next().value;
  if (!client) return;
  const { orgId, token } = contract.target;
  const list = expectOk(
    await client.call(
      "listOrganizationMetadata",
      { organizationId: orgId, pagination: { limit: 1000 }, filter: [{ keyQuery: { key: contract.keys.prefix, method: "TEXT_QUERY_METHOD_STARTS_WITH" } }] },
      { token },
    ),
  );
  const keys = (list.metadata ?? []).map((m) => m.key);
  if (keys.length > 0) expectOk(await client.call("deleteOrganizationMetadata", { organizationId: orgId, keys }, { token }));
});

describe.each(v2ProtocolsFor(contract.transport))("Organization service v2beta over %s", (protocol) => {
  const keys = contract.keys.space(protocol);
  const call = (...args: Parameters<V2Client["call"]>) => clientFor(protocol).call(...args);
  const own = () => ({ token: contract.target.token });
  const setOne = (key: string, value: string) =>
    call("setOrganizationMetadata", { organizationId: contract.target.orgId, metadata: [{ key, value: b64(value) }] }, own());
  const listPrefix = async (prefix: string, pagination: JsonObject = { limit: 1000 }) =>
    expectOk(
      await call(
        "listOrganizationMetadata",
        { organizationId: contract.target.orgId, pagination, filter: [{ keyQuery: { key: prefix, method: "TEXT_QUERY_METHOD_STARTS_WITH" } }] },
        own(),
      ),
    );

  it("sets a key that v1 reads back (the same data); setDate is the row's change date", async () => {
    const key = keys.key("shared");
    const { setDate } = expectOk(await setOne(key, "gold"));

    const { metadata } = expectOk(await contract.client.getOrgMetadata({ key }));
    expect(metadata.value).toBe(b64("gold"));
    expect(millis(metadata.details.changeDate)).toBe(millis(setDate as string));
  });

  it("always pushes: setting the same value again moves the v1 sequence", async () => {
    const key = keys.key("again");
    expectOk(await setOne(key, "v"));
    const first = expectOk(await contract.client.getOrgMetadata({ key })).metadata.details.sequence;
    expectOk(await setOne(key, "v"));
    const second = expectOk(await contract.client.getOrgMetadata({ key })).metadata.details.sequence;
    expect(compareUint64(second, first)).toBe(1);
  });

  it("lists with pagination: appliedLimit echoes the request's limit, and is absent without one", async () => {
    const space = keys.space("list");
    for (const name of ["a", "b", "c"]) expectOk(await setOne(space.key(name), name));

    const page = await listPrefix(space.prefix, { limit: 2 });
    expect(page.pagination).toEqual({ totalResult: "3", appliedLimit: "2" });
    expect(page.metadata).toHaveLength(2);
    for (const m of page.metadata ?? []) expect(Object.keys(m).sort()).toEqual(["changeDate", "creationDate", "key", "value"]);
    const all = await listPrefix(space.prefix, {});
    expect(total(all.pagination ?? {})).toBe(3);
    expect(all.pagination).not.toHaveProperty("appliedLimit");
  });

  it("deletes several keys at once, all or none: one missing key is 404 META-2npds", async () => {
    const space = keys.space("delete");
    const [a, b] = [space.key("a"), space.key("b")];
    for (const key of [a, b]) expectOk(await setOne(key, "x"));
    const organizationId = contract.target.orgId;

    expectError(await call("deleteOrganizationMetadata", { organizationId, keys: [a, space.key("missing")] }, own()), ZitadelError.BulkRemoveKeyNotExisting);
    expect((await listPrefix(space.prefix)).metadata?.map((m) => m.key).sort()).toEqual([a, b]);

    expect(expectOk(await call("deleteOrganizationMetadata", { organizationId, keys: [a, b] }, own())).deletionDate).toBeDefined();
    expect((await listPrefix(space.prefix)).metadata ?? []).toEqual([]);
  });

  it("checks an empty list before the org: META-9mm2d on set, META-9mw2d on delete", async () => {
    const organizationId = unknownOrgId();
    expectError(await call("setOrganizationMetadata", { organizationId, metadata: [] }, own()), ZitadelError.BulkSetListEmpty);
    expectError(await call("deleteOrganizationMetadata", { organizationId, keys: [] }, own()), ZitadelError.BulkRemoveListEmpty);
  });

  it("answers an org that does not exist with 400 COMMAND-QXPGs on writes and an empty list on reads", async () => {
    const organizationId = unknownOrgId();
    expectError(
      await call("setOrganizationMetadata", { organizationId, metadata: [{ key: keys.key("ghost"), value: b64("x") }] }, own()),
      OrgError.OrgNotFound,
    );
    const list = expectOk(await call("listOrganizationMetadata", { organizationId }, own()));
    expect(list.metadata ?? []).toEqual([]);
  });

  it("refuses a limit over 1000 and a key over 200 runes", async () => {
    expectError(await call("listOrganizationMetadata", { organizationId: contract.target.orgId, pagination: { limit: 1001 } }, own()), ZitadelError.LimitExceeded);
    expectError(await setOne(keys.keyOfLength(201), "v"), validationError("SetOrganizationMetadataRequest.Metadata[0]"));
  });

  it("authenticates and checks org.read/org.write in the org context", async (t: TestContext) => {
    expectError(await call("listOrganizationMetadata", { organizationId: contract.target.orgId }, { token: null }), ZitadelError.AuthHeaderMissing);
    const readonly = await need(t, contract.target, "readonlyToken");
    const organizationId = contract.target.orgId;
    expectOk(await call("listOrganizationMetadata", { organizationId }, { token: readonly, orgId: organizationId }));
    expectError(
      await call("setOrganizationMetadata", { organizationId, metadata: [{ key: keys.key("denied"), value: b64("x") }] }, { token: readonly, orgId: organizationId }),
      ZitadelError.NoMatchingPermissions,
    );
    const stranger = await need(t, contract.target, "noMembershipToken");
    expectError(await call("listOrganizationMetadata", { organizationId }, { token: stranger, orgId: organizationId }), ZitadelError.MembershipNotFound);
  });
});
