import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import * as pb from "@zitadel/proto/zitadel/management_pb.js";
import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_BYTES, SizedMessage, assertMessageSize, sizeBound } from "./message-limits.js";

/** The cheap size bound never undercounts, so only messages that might be too large are encoded. */
describe("sizeBound", () => {
  const details = { sequence: 2n ** 63n, creationDate: timestampFromDate(new Date()), changeDate: timestampFromDate(new Date()), resourceOwner: "284012579201531908" };
  const messages = [
    [pb.ListOrgMetadataResponseSchema, create(pb.ListOrgMetadataResponseSchema, {
      details: { totalResult: 3n, viewTimestamp: timestampFromDate(new Date()) },
      result: ["plan", "réglage", "🔑".repeat(50)].map((key) => ({ key, value: new TextEncoder().encode(key.repeat(9)), details })),
    })],
    [pb.BulkSetOrgMetadataRequestSchema, create(pb.BulkSetOrgMetadataRequestSchema, {
      metadata: [{ key: "a", value: new Uint8Array(1000) }, { key: "ü".repeat(200), value: new Uint8Array(3) }],
    })],
    [pb.ListOrgMetadataRequestSchema, create(pb.ListOrgMetadataRequestSchema, {
      query: { offset: 5n, limit: 10 },
      queries: [{ query: { case: "keyQuery", value: { key: "key", method: 3 } } }],
    })],
  ] as const;

  it.each(messages.map((m, i) => [m[0].typeName, i] as const))("is at least the encoded size of a %s", (_name, i) => {
    const [schema, message] = messages[i]!;
    const exact = toBinary(schema as never, message as never).length;
    expect(sizeBound(schema as never, message as never)).toBeGreaterThanOrEqual(exact);
  });

  it("still refuses a message over the limit with its exact size", () => {
    const request = create(pb.SetOrgMetadataRequestSchema, { key: "big", value: new Uint8Array(MAX_MESSAGE_BYTES) });
    expect(() => assertMessageSize(new SizedMessage(pb.SetOrgMetadataRequestSchema, request))).toThrow(
      `(${MAX_MESSAGE_BYTES + 10} vs. ${MAX_MESSAGE_BYTES})`,
    );
  });

  it("is computed once per sized message, whoever reads it first (the limit check or the journal)", () => {
    const request = create(pb.SetOrgMetadataRequestSchema, { key: "plan", value: new Uint8Array(10) });
    const sized = new SizedMessage(pb.SetOrgMetadataRequestSchema, request);
    const first = sized.bound;
    expect(first).toBe(sizeBound(pb.SetOrgMetadataRequestSchema, request));
    request.value = new Uint8Array(1000); // changed after it was measured: the bound read first stays
    expect(sized.bound).toBe(first);
    assertMessageSize(sized);
  });
});
