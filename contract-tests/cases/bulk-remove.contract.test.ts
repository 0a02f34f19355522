// BulkRemoveOrgMetadata: DELETE /management/v1/metadata/_bulk {"keys": [...]}
import { describe, expect, it } from "vitest";
import { useContract } from "../kit/contract.js";
import { expectError, expectOk, validationError, ZitadelError } from "../kit/expectations.js";
import { b64 } from "../kit/values.js";

const contract = useContract("bulk-remove");

describe("BulkRemoveOrgMetadata", () => {
  it("removes the listed keys, keeps the others, and answers with sequence, changeDate and resourceOwner", async () => {
    const { client, keys, target } = contract;
    const ns = keys.space("some");
    const [a, b, c] = [ns.key("a"), ns.key("b"), ns.key("c")];
    expectOk(await client.bulkSetOrgMetadata({ metadata: [a, b, c].map((key) => ({ key, value: b64(key) })) }));

    const { details } = expectOk(await client.bulkRemoveOrgMetadata({ keys: [a, b] }));

    expect(details.sequence).toMatch(/^[1-9][0-9]*$/);
    expect(details.changeDate).toBeDefined();
    expect(details.resourceOwner).toBe(target.orgId);
    expectError(await client.getOrgMetadata({ key: a }), ZitadelError.GetMetadataNotFound);
    expectError(await client.getOrgMetadata({ key: b }), ZitadelError.GetMetadataNotFound);
    expect(expectOk(await client.getOrgMetadata({ key: c })).metadata.value).toBe(b64(c));
    const list = expectOk(
      await client.listOrgMetadata({ queries: [{ keyQuery: { key: ns.prefix, method: "TEXT_QUERY_METHOD_STARTS_WITH" } }] }),
    );
    expect(list.result?.map((m) => m.key)).toEqual([c]);
  });

  it("answers 400 META-9mw2d (FailedPrecondition) for an empty or absent list", async () => {
    const { client } = contract;

    expectError(await client.bulkRemoveOrgMetadata({ keys: [] }), ZitadelError.BulkRemoveListEmpty);
    expectError(await client.bulkRemoveOrgMetadata({}), ZitadelError.BulkRemoveListEmpty);
  });

  it("is all or nothing: one missing key answers 404 META-2npds and removes nothing", async () => {
    const { client, keys } = contract;
    const present = keys.key("present");
    expectOk(await client.setOrgMetadata({ key: present, value: b64("stays") }));

    expectError(
      await client.bulkRemoveOrgMetadata({ keys: [present, keys.key("absent")] }),
      ZitadelError.BulkRemoveKeyNotExisting,
    );

    expect(expectOk(await client.getOrgMetadata({ key: present })).metadata.value).toBe(b64("stays"));
  });

  it("rejects an empty key or a key of 201 runes in the list", async () => {
    const { client, keys } = contract;
    const present = keys.key("kept");
    expectOk(await client.setOrgMetadata({ key: present, value: b64("x") }));

    expectError(await client.bulkRemoveOrgMetadata({ keys: [present, ""] }), validationError("BulkRemoveOrgMetadataRequest.Keys[1]"));
    expectError(
      await client.bulkRemoveOrgMetadata({ keys: [keys.keyOfLength(201)] }),
      validationError("BulkRemoveOrgMetadataRequest.Keys[0]"),
    );
    expectOk(await client.getOrgMetadata({ key: present }));
  });
});
