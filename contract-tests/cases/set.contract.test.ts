// SetOrgMetadata: POST /management/v1/metadata/{key} {"value": "<base64>"}
import { describe, expect, it } from "vitest";
import { onlyOver, useContract } from "../kit/contract.js";
import { expectError, expectOk, validationError, ZitadelError } from "../kit/expectations.js";
import { b64, binary, compareUint64, millis } from "../kit/values.js";

const contract = useContract("set");

describe("SetOrgMetadata", () => {
  it("creates a key and answers with sequence, creationDate and resourceOwner", async () => {
    const { client, keys, target } = contract;

    const { details } = expectOk(await client.setOrgMetadata({ key: keys.key("new"), value: b64("hello") }));

    expect(details.sequence).toMatch(/^[1-9][0-9]*$/);
    expect(details.creationDate).toBeDefined();
    expect(details.resourceOwner).toBe(target.orgId);
  });

  it("is read-your-writes: get and search return the value just set", async () => {
    const { client, keys } = contract;
    const key = keys.key("read-your-writes");

    const set = expectOk(await client.setOrgMetadata({ key, value: b64("v1") }));

    const { metadata } = expectOk(await client.getOrgMetadata({ key }));
    expect(metadata.value).toBe(b64("v1"));
    expect(metadata.details.sequence).toBe(set.details.sequence);
    const list = expectOk(
      await client.listOrgMetadata({ queries: [{ keyQuery: { key, method: "TEXT_QUERY_METHOD_EQUALS" } }] }),
    );
    expect(list.result?.map((m) => [m.key, m.value])).toEqual([[key, b64("v1")]]);
  });

  it("updates an existing key: new value, higher sequence, creationDate kept", async () => {
    const { client, keys } = contract;
    const key = keys.key("update");
    expectOk(await client.setOrgMetadata({ key, value: b64("first") }));
    const before = expectOk(await client.getOrgMetadata({ key })).metadata;

    const update = expectOk(await client.setOrgMetadata({ key, value: b64("second") }));

    const after = expectOk(await client.getOrgMetadata({ key })).metadata;
    expect(after.value).toBe(b64("second"));
    expect(after.details.creationDate).toBe(before.details.creationDate);
    expect(compareUint64(after.details.sequence, before.details.sequence)).toBe(1);
    expect(after.details.sequence).toBe(update.details.sequence);
    expect(millis(after.details.changeDate)).toBeGreaterThanOrEqual(millis(before.details.changeDate));
  });

  it("answers an update with the time of the update as creationDate (not the key's creation)", async () => {
    const { client, keys } = contract;
    const key = keys.key("update-details");
    expectOk(await client.setOrgMetadata({ key, value: b64("first") }));

    const update = expectOk(await client.setOrgMetadata({ key, value: b64("second") }));

    const { metadata } = expectOk(await client.getOrgMetadata({ key }));
    expect(millis(update.details.creationDate)).toBe(millis(metadata.details.changeDate));
  });

  it("accepts setting the same value again and records a new event", async () => {
    const { client, keys } = contract;
    const key = keys.key("same-value");
    const first = expectOk(await client.setOrgMetadata({ key, value: b64("same") }));

    const second = expectOk(await client.setOrgMetadata({ key, value: b64("same") }));

    expect(compareUint64(second.details.sequence, first.details.sequence)).toBe(1);
  });

  it("stores arbitrary bytes and returns them as padded standard base64", async () => {
    const { client, keys } = contract;
    const key = keys.key("binary");
    const value = b64(binary(1000));

    expectOk(await client.setOrgMetadata({ key, value }));

    expect(expectOk(await client.getOrgMetadata({ key })).metadata.value).toBe(value);
  });

  it("accepts URL-safe unpadded base64 and returns standard padded base64", async (t) => {
    // protojson decoding in the REST gateway; over gRPC the value is bytes, and the base64 is the client's.
    await onlyOver(t, "rest");
    const { client, keys } = contract;
    const key = keys.key("url-safe");
    const bytes = Uint8Array.from([0xfb, 0xff, 0xfe, 0x3e]); // "+//+Pg==" in standard base64
    const urlSafe = Buffer.from(bytes).toString("base64url");

    expectOk(await client.setOrgMetadata({ key, value: urlSafe }));

    expect(expectOk(await client.getOrgMetadata({ key })).metadata.value).toBe(b64(bytes));
  });

  it("accepts a value of 500000 bytes and rejects 500001 bytes", async () => {
    const { client, keys } = contract;
    const key = keys.key("big");

    expectOk(await client.setOrgMetadata({ key, value: b64(binary(500_000)) }));
    expectError(
      await client.setOrgMetadata({ key: keys.key("too-big"), value: b64(binary(500_001)) }),
      validationError("SetOrgMetadataRequest.Value"),
    );
    expect(expectOk(await client.getOrgMetadata({ key })).metadata.value).toBe(b64(binary(500_000)));
  }, 30_000);

  it("rejects an empty or missing value (400, InvalidArgument, no details)", async () => {
    const { client, keys } = contract;

    expectError(await client.setOrgMetadata({ key: keys.key("empty"), value: "" }), validationError("SetOrgMetadataRequest.Value"));
    expectError(await client.setOrgMetadata({ key: keys.key("missing") }), validationError("SetOrgMetadataRequest.Value"));
  });

  it("accepts a key of 200 runes and rejects 201 runes", async () => {
    const { client, keys } = contract;

    expectOk(await client.setOrgMetadata({ key: keys.keyOfLength(200, "é"), value: b64("x") }));
    expectError(
      await client.setOrgMetadata({ key: keys.keyOfLength(201, "é"), value: b64("x") }),
      validationError("SetOrgMetadataRequest.Key"),
    );
  });

  it("leaves no key behind when the value is rejected", async () => {
    const { client, keys } = contract;
    const key = keys.key("rejected");

    expectError(await client.setOrgMetadata({ key, value: "" }), validationError("SetOrgMetadataRequest.Value"));

    expectError(await client.getOrgMetadata({ key }), ZitadelError.GetMetadataNotFound);
  });

  it("rejects an empty key (400, InvalidArgument, no details)", async () => {
    expectError(await contract.client.setOrgMetadata({ key: "", value: b64("x") }), validationError("SetOrgMetadataRequest.Key"));
  });
});
