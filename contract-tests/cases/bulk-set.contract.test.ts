// BulkSetOrgMetadata: POST /management/v1/metadata/_bulk {"metadata": [{"key", "value"}, ...]}
import { describe, expect, it } from "vitest";
import { useContract } from "../kit/contract.js";
import { expectError, expectOk, MessageTooLarge, validationError, ZitadelError } from "../kit/expectations.js";
import { b64, binary, millis } from "../kit/values.js";

const contract = useContract("bulk-set");

describe("BulkSetOrgMetadata", () => {
  it("sets every key and answers with sequence, changeDate and resourceOwner", async () => {
    const { client, keys, target } = contract;
    const ns = keys.space("three");
    const metadata = ["a", "b", "c"].map((name) => ({ key: ns.key(name), value: b64(`value ${name}`) }));

    const { details } = expectOk(await client.bulkSetOrgMetadata({ metadata }));

    expect(details.sequence).toMatch(/^[1-9][0-9]*$/);
    expect(details.changeDate).toBeDefined();
    expect(details.resourceOwner).toBe(target.orgId);
    for (const { key, value } of metadata) {
      expect(expectOk(await client.getOrgMetadata({ key })).metadata.value).toBe(value);
    }
    const list = expectOk(
      await client.listOrgMetadata({ queries: [{ keyQuery: { key: ns.prefix, method: "TEXT_QUERY_METHOD_STARTS_WITH" } }] }),
    );
    expect(new Set(list.result?.map((m) => m.key))).toEqual(new Set(metadata.map((m) => m.key)));
  });

  it("answers with the sequence and time of the last entry's event", async () => {
    const { client, keys } = contract;
    const ns = keys.space("last-event");
    const metadata = ["x", "y"].map((name) => ({ key: ns.key(name), value: b64(name) }));

    const { details } = expectOk(await client.bulkSetOrgMetadata({ metadata }));

    const last = expectOk(await client.getOrgMetadata({ key: ns.key("y") })).metadata;
    expect(last.details.sequence).toBe(details.sequence);
    expect(millis(last.details.changeDate)).toBe(millis(details.changeDate));
  });

  it("updates existing keys and keeps their creationDate", async () => {
    const { client, keys } = contract;
    const key = keys.key("existing");
    expectOk(await client.setOrgMetadata({ key, value: b64("old") }));
    const before = expectOk(await client.getOrgMetadata({ key })).metadata;

    expectOk(await client.bulkSetOrgMetadata({ metadata: [{ key, value: b64("new") }] }));

    const after = expectOk(await client.getOrgMetadata({ key })).metadata;
    expect(after.value).toBe(b64("new"));
    expect(after.details.creationDate).toBe(before.details.creationDate);
  });

  it("lets the last value win when a key appears twice", async () => {
    const { client, keys } = contract;
    const key = keys.key("twice");

    expectOk(await client.bulkSetOrgMetadata({ metadata: [{ key, value: b64("first") }, { key, value: b64("last") }] }));

    expect(expectOk(await client.getOrgMetadata({ key })).metadata.value).toBe(b64("last"));
  });

  it("answers 400 META-9mm2d (FailedPrecondition) for an empty or absent list", async () => {
    const { client } = contract;

    expectError(await client.bulkSetOrgMetadata({ metadata: [] }), ZitadelError.BulkSetListEmpty);
    expectError(await client.bulkSetOrgMetadata({}), ZitadelError.BulkSetListEmpty);
  });

  it("is all or nothing: one invalid entry rejects the request and no key changes", async () => {
    const { client, keys } = contract;
    const existing = keys.key("untouched");
    const fresh = keys.key("never-written");
    expectOk(await client.setOrgMetadata({ key: existing, value: b64("original") }));

    expectError(
      await client.bulkSetOrgMetadata({
        metadata: [
          { key: existing, value: b64("changed") },
          { key: fresh, value: b64("new") },
          { key: keys.key("invalid"), value: "" },
        ],
      }),
      validationError("BulkSetOrgMetadataRequest.Metadata[2]"),
    );

    expect(expectOk(await client.getOrgMetadata({ key: existing })).metadata.value).toBe(b64("original"));
    expectError(await client.getOrgMetadata({ key: fresh }), ZitadelError.GetMetadataNotFound);
  });

  it("rejects an entry with an empty key, or a key of 201 runes", async () => {
    const { client, keys } = contract;
    const valid = { key: keys.key("valid"), value: b64("x") };

    expectError(
      await client.bulkSetOrgMetadata({ metadata: [valid, { key: "", value: b64("x") }] }),
      validationError("BulkSetOrgMetadataRequest.Metadata[1]"),
    );
    expectError(
      await client.bulkSetOrgMetadata({ metadata: [{ key: keys.keyOfLength(201), value: b64("x") }] }),
      validationError("BulkSetOrgMetadataRequest.Metadata[0]"),
    );
    expectError(await client.getOrgMetadata({ key: valid.key }), ZitadelError.GetMetadataNotFound);
  });

  it("answers 429 ResourceExhausted (no details) when the request exceeds gRPC's 4 MiB message limit", async () => {
    // ZITADEL's gRPC server keeps grpc-go's default 4 MiB receive limit; over REST the gateway forwards
    // the request to it and renders the same status (HTTP 429).
    const { client, keys } = contract;
    const ns = keys.space("oversized");
    const metadata = Array.from({ length: 9 }, (_, i) => ({ key: ns.key(String(i)), value: b64(binary(500_000)) }));

    expectError(await client.bulkSetOrgMetadata({ metadata }), MessageTooLarge);

    expectError(await client.getOrgMetadata({ key: ns.key("0") }), ZitadelError.GetMetadataNotFound);
  }, 30_000);
});
