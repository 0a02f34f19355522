// RemoveOrgMetadata: DELETE /management/v1/metadata/{key}
import { describe, expect, it } from "vitest";
import { useContract } from "../kit/contract.js";
import { expectError, expectOk, validationError, ZitadelError } from "../kit/expectations.js";
import { b64, compareUint64, millis } from "../kit/values.js";

const contract = useContract("remove");

describe("RemoveOrgMetadata", () => {
  it("removes a key and answers with sequence, changeDate and resourceOwner", async () => {
    const { client, keys, target } = contract;
    const key = keys.key("doomed");
    const set = expectOk(await client.setOrgMetadata({ key, value: b64("x") }));

    const { details } = expectOk(await client.removeOrgMetadata({ key }));

    expect(compareUint64(details.sequence, set.details.sequence)).toBe(1);
    expect(details.changeDate).toBeDefined();
    expect(details.resourceOwner).toBe(target.orgId);
  });

  it("is read-your-writes: get answers 404 and search no longer finds the key", async () => {
    const { client, keys } = contract;
    const key = keys.key("gone");
    expectOk(await client.setOrgMetadata({ key, value: b64("x") }));

    expectOk(await client.removeOrgMetadata({ key }));

    expectError(await client.getOrgMetadata({ key }), ZitadelError.GetMetadataNotFound);
    const list = expectOk(
      await client.listOrgMetadata({ queries: [{ keyQuery: { key, method: "TEXT_QUERY_METHOD_EQUALS" } }] }),
    );
    expect(list.result ?? []).toEqual([]);
  });

  it("answers 404 META-mcnw3 for a key that does not exist", async () => {
    const { client, keys } = contract;
    expectError(await client.removeOrgMetadata({ key: keys.key("never-set") }), ZitadelError.RemoveMetadataNotFound);
  });

  it("answers 404 META-mcnw3 when the key is removed a second time", async () => {
    const { client, keys } = contract;
    const key = keys.key("twice");
    expectOk(await client.setOrgMetadata({ key, value: b64("x") }));
    expectOk(await client.removeOrgMetadata({ key }));

    expectError(await client.removeOrgMetadata({ key }), ZitadelError.RemoveMetadataNotFound);
  });

  it("gives a key set again after removal a new creationDate", async () => {
    const { client, keys } = contract;
    const key = keys.key("reborn");
    expectOk(await client.setOrgMetadata({ key, value: b64("first life") }));
    const removed = expectOk(await client.removeOrgMetadata({ key }));

    expectOk(await client.setOrgMetadata({ key, value: b64("second life") }));

    const { metadata } = expectOk(await client.getOrgMetadata({ key }));
    expect(metadata.value).toBe(b64("second life"));
    expect(millis(metadata.details.creationDate)).toBeGreaterThanOrEqual(millis(removed.details.changeDate));
  });

  it("rejects a key of 201 runes", async () => {
    const { client, keys } = contract;
    expectError(await client.removeOrgMetadata({ key: keys.keyOfLength(201) }), validationError("RemoveOrgMetadataRequest.Key"));
  });

  it("rejects an empty key (400, InvalidArgument, no details)", async () => {
    expectError(await contract.client.removeOrgMetadata({ key: "" }), validationError("RemoveOrgMetadataRequest.Key"));
  });
});
