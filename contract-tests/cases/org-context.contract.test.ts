// Org context: x-zitadel-orgid picks the org (default: the token user's org); the token's
// memberships decide what it may do there.
import { describe, expect, it } from "vitest";
import { need, useContract } from "../kit/contract.js";
import { ALL_OPERATIONS, exampleRequests, unknownOrgId } from "../kit/examples.js";
import { expectError, expectOk, ZitadelError } from "../kit/expectations.js";
import { OPERATION_IDS, WRITE_OPERATIONS } from "../kit/transport.js";
import { b64 } from "../kit/values.js";

const contract = useContract("org-context");

describe("org context header", () => {
  it("uses the token user's own org when x-zitadel-orgid is absent", async () => {
    const { client, keys } = contract;
    const key = keys.key("own-org");
    const own = expectOk(await client.getMyOrg({ orgId: null })).org.id;

    const set = expectOk(await client.setOrgMetadata({ key, value: b64("mine") }, { orgId: null }));

    expect(set.details.resourceOwner).toBe(own);
    expect(expectOk(await client.getOrgMetadata({ key }, { orgId: own })).metadata.value).toBe(b64("mine"));
    expect(expectOk(await client.getOrgMetadata({ key }, { orgId: null })).metadata.value).toBe(b64("mine"));
  });

  it("answers 403 AUTH-Bs7Ds for an org that does not exist, for every operation", async () => {
    const { client, keys } = contract;
    const requests = exampleRequests(keys.key("unknown-org"));
    for (const op of ALL_OPERATIONS) {
      expectError(await client.call(op, requests[op], { orgId: unknownOrgId() }), ZitadelError.OrgNotExisting);
    }
  });
});

describe("a second org", () => {
  it("keeps metadata per org: the same key holds different values in two orgs", async (t) => {
    const { client, keys, target } = contract;
    const second = await need(t, target, "secondOrgId");
    const key = keys.key("per-org");

    expectOk(await client.setOrgMetadata({ key, value: b64("first org") }));
    expectError(await client.getOrgMetadata({ key }, { orgId: second }), ZitadelError.GetMetadataNotFound);
    const set = expectOk(await client.setOrgMetadata({ key, value: b64("second org") }, { orgId: second }));

    expect(set.details.resourceOwner).toBe(second);
    expect(expectOk(await client.getOrgMetadata({ key })).metadata.value).toBe(b64("first org"));
    const inSecond = expectOk(
      await client.listOrgMetadata({ queries: [{ keyQuery: { key, method: "TEXT_QUERY_METHOD_EQUALS" } }] }, { orgId: second }),
    );
    expect(inSecond.result?.map((m) => [m.value, m.details.resourceOwner])).toEqual([[b64("second org"), second]]);
  });

  it("removes a key only in the org of the request", async (t) => {
    const { client, keys, target } = contract;
    const second = await need(t, target, "secondOrgId");
    const key = keys.key("remove-per-org");
    expectOk(await client.setOrgMetadata({ key, value: b64("a") }));
    expectOk(await client.setOrgMetadata({ key, value: b64("b") }, { orgId: second }));

    expectOk(await client.removeOrgMetadata({ key }, { orgId: second }));

    expectError(await client.getOrgMetadata({ key }, { orgId: second }), ZitadelError.GetMetadataNotFound);
    expect(expectOk(await client.getOrgMetadata({ key })).metadata.value).toBe(b64("a"));
  });
});

describe("a read-only token (org.read without org.write)", () => {
  const reads = ALL_OPERATIONS.filter((op) => !WRITE_OPERATIONS.has(op));
  const writes = ALL_OPERATIONS.filter((op) => WRITE_OPERATIONS.has(op));

  it.for(reads.map((op) => [OPERATION_IDS[op], op] as const))("may call %s", async ([, op], t) => {
    const { client, keys, target } = contract;
    const token = await need(t, target, "readonlyToken");
    const key = keys.key("readable");
    expectOk(await client.setOrgMetadata({ key, value: b64("visible") }));

    expectOk(await client.call(op, exampleRequests(key)[op], { token }));
  });

  it.for(writes.map((op) => [OPERATION_IDS[op], op] as const))("gets 403 AUTH-5mWD2 from %s and changes nothing", async ([, op], t) => {
    const { client, keys, target } = contract;
    const token = await need(t, target, "readonlyToken");
    const key = keys.key(`protected-${op}`);
    expectOk(await client.setOrgMetadata({ key, value: b64("original") }));

    expectError(await client.call(op, exampleRequests(key)[op], { token }), ZitadelError.NoMatchingPermissions);

    expect(expectOk(await client.getOrgMetadata({ key })).metadata.value).toBe(b64("original"));
  });
});

describe("a token without membership in the org", () => {
  it.for(ALL_OPERATIONS.map((op) => [OPERATION_IDS[op], op] as const))("gets 404 AUTHZ-cdgFk from %s", async ([, op], t) => {
    const { client, keys, target } = contract;
    const token = await need(t, target, "noMembershipToken");

    expectError(await client.call(op, exampleRequests(keys.key("foreign"))[op], { token }), ZitadelError.MembershipNotFound);
  });
});
