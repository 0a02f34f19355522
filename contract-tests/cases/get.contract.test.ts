// GetOrgMetadata: GET /management/v1/metadata/{key}
import { describe, expect, it } from "vitest";
import { useContract } from "../kit/contract.js";
import { expectError, expectOk, validationError, ZitadelError } from "../kit/expectations.js";
import { b64 } from "../kit/values.js";

const contract = useContract("get");

describe("GetOrgMetadata", () => {
  it("returns key, base64 value and the four details fields", async () => {
    const { client, keys, target } = contract;
    const key = keys.key("plan");
    expectOk(await client.setOrgMetadata({ key, value: b64("enterprise") }));

    const { metadata } = expectOk(await client.getOrgMetadata({ key }));

    expect(metadata.key).toBe(key);
    expect(metadata.value).toBe(b64("enterprise"));
    expect(metadata.details.resourceOwner).toBe(target.orgId);
    expect(Object.keys(metadata.details).sort()).toEqual(["changeDate", "creationDate", "resourceOwner", "sequence"]);
  });

  it("answers 404 QUERY-Rph32 for a key that was never set", async () => {
    const { client, keys } = contract;
    expectError(await client.getOrgMetadata({ key: keys.key("never-set") }), ZitadelError.GetMetadataNotFound);
  });

  it("matches the key exactly and case-sensitively", async () => {
    const { client, keys } = contract;
    const key = keys.key("CaseSensitive");
    expectOk(await client.setOrgMetadata({ key, value: b64("x") }));

    expectError(await client.getOrgMetadata({ key: key.toLowerCase() }), ZitadelError.GetMetadataNotFound);
    expectError(await client.getOrgMetadata({ key: key.slice(0, -1) }), ZitadelError.GetMetadataNotFound);
    expectError(await client.getOrgMetadata({ key: `${key}x` }), ZitadelError.GetMetadataNotFound);
  });

  it("answers 404 QUERY-Rph32 once the key is removed", async () => {
    const { client, keys } = contract;
    const key = keys.key("removed");
    expectOk(await client.setOrgMetadata({ key, value: b64("x") }));
    expectOk(await client.removeOrgMetadata({ key }));

    expectError(await client.getOrgMetadata({ key }), ZitadelError.GetMetadataNotFound);
  });

  it("accepts a key of 200 runes and rejects 201 runes (keys count code points)", async () => {
    const { client, keys } = contract;
    const longest = keys.keyOfLength(200, "ä");
    expectOk(await client.setOrgMetadata({ key: longest, value: b64("x") }));

    expect(expectOk(await client.getOrgMetadata({ key: longest })).metadata.key).toBe(longest);
    expectError(await client.getOrgMetadata({ key: keys.keyOfLength(201) }), validationError("GetOrgMetadataRequest.Key"));
  });

  it("rejects an empty key (400, InvalidArgument, no details)", async () => {
    expectError(await contract.client.getOrgMetadata({ key: "" }), validationError("GetOrgMetadataRequest.Key"));
  });
});
