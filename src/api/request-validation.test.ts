import { type DescMessage, type MessageInitShape, create } from "@bufbuild/protobuf";
import * as mgmt from "@zitadel/proto/zitadel/management_pb.js";
import { describe, expect, it } from "vitest";
import { StatusCode, ZitadelError } from "../core/errors.js";
import { assertValidRequest } from "./request-validation.js";

/**
 * protoc-gen-validate as ZITADEL runs it, read from the descriptors' `validate.rules` (reference
 * §1.2, §2.1): the first violation only, PGV's wording, InvalidArgument without ErrorDetail.
 */

const violationOf = <Desc extends DescMessage>(schema: Desc, init: MessageInitShape<Desc>): string | undefined => {
  try {
    assertValidRequest(schema, create(schema, init));
  } catch (error) {
    expect(error).toBeInstanceOf(ZitadelError);
    const zitadelError = error as ZitadelError;
    expect(zitadelError.code).toBe(StatusCode.InvalidArgument);
    expect(zitadelError.id).toBeUndefined();
    expect(zitadelError.message).toBe(zitadelError.detailMessage);
    return zitadelError.message;
  }
  return undefined;
};

const KEY_RULE = "value length must be between 1 and 200 runes, inclusive";
const VALUE_RULE = "value length must be between 1 and 500000 bytes, inclusive";
const EMOJI = "😀"; // 1 rune, 2 UTF-16 units, 4 UTF-8 bytes
const bytes = (n: number) => new Uint8Array(n);

describe("string length rules count runes (code points)", () => {
  it("accepts keys of 1 and 200 runes", () => {
    expect(violationOf(mgmt.SetOrgMetadataRequestSchema, { key: "k", value: bytes(1) })).toBeUndefined();
    expect(violationOf(mgmt.SetOrgMetadataRequestSchema, { key: "k".repeat(200), value: bytes(1) })).toBeUndefined();
  });

  it("rejects keys of 0 and 201 runes", () => {
    expect(violationOf(mgmt.SetOrgMetadataRequestSchema, { key: "", value: bytes(1) })).toBe(`invalid SetOrgMetadataRequest.Key: ${KEY_RULE}`);
    expect(violationOf(mgmt.SetOrgMetadataRequestSchema, { key: "k".repeat(201), value: bytes(1) })).toBe(
      `invalid SetOrgMetadataRequest.Key: ${KEY_RULE}`,
    );
  });

  it("counts an emoji as one rune although it is two UTF-16 units", () => {
    expect(EMOJI.repeat(200).length).toBe(400);
    expect(violationOf(mgmt.SetOrgMetadataRequestSchema, { key: EMOJI.repeat(200), value: bytes(1) })).toBeUndefined();
    expect(violationOf(mgmt.SetOrgMetadataRequestSchema, { key: `${EMOJI.repeat(100)}${"k".repeat(100)}`, value: bytes(1) })).toBeUndefined();
    expect(violationOf(mgmt.SetOrgMetadataRequestSchema, { key: EMOJI.repeat(201), value: bytes(1) })).toBe(
      `invalid SetOrgMetadataRequest.Key: ${KEY_RULE}`,
    );
  });

  it("counts a combining sequence as its code points", () => {
    const eAcute = "e\u0301"; // two runes, one grapheme
    expect(violationOf(mgmt.GetOrgMetadataRequestSchema, { key: eAcute.repeat(100) })).toBeUndefined();
    expect(violationOf(mgmt.GetOrgMetadataRequestSchema, { key: `${eAcute.repeat(100)}x` })).toBe(`invalid GetOrgMetadataRequest.Key: ${KEY_RULE}`);
  });

  it("counts an unpaired surrogate (a JSON body may carry one) as one rune, a pair as one", () => {
    const high = "\ud83d";
    const low = "\ude00";
    expect(violationOf(mgmt.GetOrgMetadataRequestSchema, { key: `${"k".repeat(199)}${high}` })).toBeUndefined();
    expect(violationOf(mgmt.GetOrgMetadataRequestSchema, { key: `${"k".repeat(199)}${high}${low}` })).toBeUndefined();
    // reversed, the two units are no pair: two runes
    expect(violationOf(mgmt.GetOrgMetadataRequestSchema, { key: `${"k".repeat(199)}${low}${high}` })).toBe(
      `invalid GetOrgMetadataRequest.Key: ${KEY_RULE}`,
    );
    expect(violationOf(mgmt.GetOrgMetadataRequestSchema, { key: high.repeat(201) })).toBe(`invalid GetOrgMetadataRequest.Key: ${KEY_RULE}`);
  });

  it("writes a max-only rule as 'at most' (MetadataKeyQuery.key allows empty)", () => {
    const list = (key: string) => ({ queries: [{ query: { case: "keyQuery" as const, value: { key } } }] });
    expect(violationOf(mgmt.ListOrgMetadataRequestSchema, list(""))).toBeUndefined();
    expect(violationOf(mgmt.ListOrgMetadataRequestSchema, list(EMOJI.repeat(200)))).toBeUndefined();
    expect(violationOf(mgmt.ListOrgMetadataRequestSchema, list("q".repeat(201)))).toBe(
      "invalid ListOrgMetadataRequest.Queries[0]: embedded message failed validation | caused by: " +
        "invalid MetadataQuery.KeyQuery: embedded message failed validation | caused by: " +
        "invalid MetadataKeyQuery.Key: value length must be at most 200 runes",
    );
  });
});

describe("bytes length rules count bytes", () => {
  it("accepts 1 and 500000 bytes", () => {
    expect(violationOf(mgmt.SetOrgMetadataRequestSchema, { key: "k", value: bytes(1) })).toBeUndefined();
    expect(violationOf(mgmt.SetOrgMetadataRequestSchema, { key: "k", value: bytes(500_000) })).toBeUndefined();
  });

  it("rejects 0 and 500001 bytes", () => {
    expect(violationOf(mgmt.SetOrgMetadataRequestSchema, { key: "k", value: bytes(0) })).toBe(`invalid SetOrgMetadataRequest.Value: ${VALUE_RULE}`);
    expect(violationOf(mgmt.SetOrgMetadataRequestSchema, { key: "k", value: bytes(500_001) })).toBe(
      `invalid SetOrgMetadataRequest.Value: ${VALUE_RULE}`,
    );
  });

  it("checks fields in declaration order: key before value", () => {
    expect(violationOf(mgmt.SetOrgMetadataRequestSchema, { key: "", value: bytes(0) })).toBe(`invalid SetOrgMetadataRequest.Key: ${KEY_RULE}`);
  });
});

describe("the request message of each RPC names itself", () => {
  it.each([
    [mgmt.GetOrgMetadataRequestSchema, "GetOrgMetadataRequest"],
    [mgmt.RemoveOrgMetadataRequestSchema, "RemoveOrgMetadataRequest"],
  ] as const)("%s", (schema, name) => {
    expect(violationOf(schema, { key: "" })).toBe(`invalid ${name}.Key: ${KEY_RULE}`);
    expect(violationOf(schema, { key: "k" })).toBeUndefined();
  });
});

describe("repeated fields name the item by its index", () => {
  it("BulkRemoveOrgMetadataRequest.Keys[i] (item rules)", () => {
    expect(violationOf(mgmt.BulkRemoveOrgMetadataRequestSchema, { keys: ["a", "b", "", "c".repeat(201)] })).toBe(
      `invalid BulkRemoveOrgMetadataRequest.Keys[2]: ${KEY_RULE}`,
    );
    expect(violationOf(mgmt.BulkRemoveOrgMetadataRequestSchema, { keys: ["a", EMOJI.repeat(201)] })).toBe(
      `invalid BulkRemoveOrgMetadataRequest.Keys[1]: ${KEY_RULE}`,
    );
  });

  it("BulkSetOrgMetadataRequest.Metadata[i] (embedded messages, nested type name joined by _)", () => {
    const metadata = [
      { key: "ok", value: bytes(1) },
      { key: "ok", value: bytes(1) },
      { key: "bad", value: bytes(0) },
    ];
    expect(violationOf(mgmt.BulkSetOrgMetadataRequestSchema, { metadata })).toBe(
      "invalid BulkSetOrgMetadataRequest.Metadata[2]: embedded message failed validation | caused by: " +
        `invalid BulkSetOrgMetadataRequest_Metadata.Value: ${VALUE_RULE}`,
    );
    expect(violationOf(mgmt.BulkSetOrgMetadataRequestSchema, { metadata: [{ key: EMOJI.repeat(201), value: bytes(1) }] })).toBe(
      "invalid BulkSetOrgMetadataRequest.Metadata[0]: embedded message failed validation | caused by: " +
        `invalid BulkSetOrgMetadataRequest_Metadata.Key: ${KEY_RULE}`,
    );
  });

  it("have no min_items rule: empty lists pass (the commands reject them)", () => {
    expect(violationOf(mgmt.BulkSetOrgMetadataRequestSchema, { metadata: [] })).toBeUndefined();
    expect(violationOf(mgmt.BulkRemoveOrgMetadataRequestSchema, { keys: [] })).toBeUndefined();
    expect(violationOf(mgmt.ListOrgMetadataRequestSchema, {})).toBeUndefined();
  });
});

describe("enum defined_only", () => {
  const withMethod = (method: number) => ({
    queries: [{ query: { case: "keyQuery" as const, value: { key: "k", method } } }],
  });

  it.each([0, 1, 2, 3, 4, 5, 6, 7])("accepts TextQueryMethod %i", (method) => {
    expect(violationOf(mgmt.ListOrgMetadataRequestSchema, withMethod(method))).toBeUndefined();
  });

  it.each([8, -1, 100])("rejects %i", (method) => {
    expect(violationOf(mgmt.ListOrgMetadataRequestSchema, withMethod(method))).toBe(
      "invalid ListOrgMetadataRequest.Queries[0]: embedded message failed validation | caused by: " +
        "invalid MetadataQuery.KeyQuery: embedded message failed validation | caused by: " +
        "invalid MetadataKeyQuery.Method: value must be one of the defined enum values",
    );
  });
});

describe("oneof required", () => {
  it("rejects a MetadataQuery without its query", () => {
    expect(violationOf(mgmt.ListOrgMetadataRequestSchema, { queries: [{ query: { case: "keyQuery", value: { key: "k" } } }, {}] })).toBe(
      "invalid ListOrgMetadataRequest.Queries[1]: embedded message failed validation | caused by: invalid MetadataQuery.Query: value is required",
    );
  });

  it("reports the first failing query", () => {
    expect(
      violationOf(mgmt.ListOrgMetadataRequestSchema, {
        queries: [{ query: { case: "keyQuery", value: { key: "k", method: 9 as number } } }, {}],
      }),
    ).toMatch(/^invalid ListOrgMetadataRequest\.Queries\[0\]: .*MetadataKeyQuery\.Method: value must be one of the defined enum values$/);
  });
});

describe("messages without rules", () => {
  it("accept any ListQuery and GetMyOrg request", () => {
    expect(violationOf(mgmt.ListOrgMetadataRequestSchema, { query: { offset: 18446744073709551615n, limit: 4294967295, asc: true } })).toBeUndefined();
    expect(violationOf(mgmt.GetMyOrgRequestSchema, {})).toBeUndefined();
  });
});
