/**
 * The mock driven over gRPC-web, as a browser app does it: `@connectrpc/connect-web`'s
 * `createGrpcWebTransport` with `fetch`, ZITADEL's descriptors from `@zitadel/proto`, the token and
 * org in request headers. Every mocked RPC once on its happy path, then every error case in a table,
 * then the RPCs the mock does not cover.
 */
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { ManagementService } from "@zitadel/proto/zitadel/management_pb.js";
import { TextQueryMethod } from "@zitadel/proto/zitadel/object_pb.js";
import { OrgState } from "@zitadel/proto/zitadel/org_pb.js";
import { describe, expect, it } from "vitest";
import {
  ORG,
  TOKEN,
  bearer,
  bytes,
  expectGrpcWebError,
  grpcWebClient,
  grpcWebFailure,
  type ExpectedError,
  type GrpcWebClient,
  MOCKED_RPCS,
  mockPerFile,
} from "./support.js";

const { url, time } = await mockPerFile();
const client = grpcWebClient(url);

/** alice, ORG_OWNER of ACME. */
const asOwner = bearer(TOKEN.acmeOwner);
const text = (value: Uint8Array | undefined): string => Buffer.from(value ?? []).toString("utf8");

describe("every mocked RPC over gRPC-web", () => {
  it("GetMyOrg answers the token user's org, or the one named by x-zitadel-orgid", async () => {
    const own = await client.getMyOrg({}, asOwner);
    const other = await client.getMyOrg({}, bearer(TOKEN.iamOwner, ORG.globex));

    expect(own.org).toMatchObject({ id: ORG.acme, name: "ACME", primaryDomain: "acme.localhost", state: OrgState.ACTIVE });
    expect(other.org?.id).toBe(ORG.globex);
  });

  it("SetOrgMetadata adds a key; GetOrgMetadata reads it back", async () => {
    const at = time.set("2025-02-03T04:05:06.789Z");

    const { details } = await client.setOrgMetadata({ key: "billing.email", value: bytes("billing@acme.test") }, asOwner);
    const { metadata } = await client.getOrgMetadata({ key: "billing.email" }, asOwner);

    expect(details?.resourceOwner).toBe(ORG.acme);
    expect(details?.sequence).toBeTypeOf("bigint");
    expect(timestampDate(details!.creationDate!)).toEqual(at);
    expect(details?.changeDate).toBeUndefined();
    expect(metadata?.key).toBe("billing.email");
    expect(text(metadata?.value)).toBe("billing@acme.test");
    expect(metadata?.details?.sequence).toBe(details?.sequence);
    expect(timestampDate(metadata!.details!.changeDate!)).toEqual(at);
  });

  it("ListOrgMetadata filters, pages and counts", async () => {
    const all = await client.listOrgMetadata({}, asOwner);
    const filtered = await client.listOrgMetadata(
      { query: { limit: 1 }, queries: [{ query: { case: "keyQuery", value: { key: "i", method: TextQueryMethod.CONTAINS } } }] },
      asOwner,
    );

    expect(all.result.map((m) => m.key)).toEqual(["plan", "region", "support.tier"]);
    expect(all.details?.totalResult).toBe(3n);
    expect(filtered.result.map((m) => m.key)).toEqual(["region"]);
    expect(filtered.details?.totalResult).toBe(2n);
  });

  it("RemoveOrgMetadata removes a key", async () => {
    const at = time.set("2025-04-01T12:00:00.000Z");

    const { details } = await client.removeOrgMetadata({ key: "region" }, asOwner);

    expect(timestampDate(details!.changeDate!)).toEqual(at);
    expect(details?.creationDate).toBeUndefined();
    const gone = await grpcWebFailure(client.getOrgMetadata({ key: "region" }, asOwner));
    expectGrpcWebError(gone, { code: Code.NotFound, message: "Metadata not found", id: "QUERY-Rph32" });
  });

  it("BulkSetOrgMetadata sets every entry", async () => {
    const { details } = await client.bulkSetOrgMetadata(
      { metadata: [{ key: "a", value: bytes("1") }, { key: "b", value: bytes("2") }] },
      asOwner,
    );

    expect(details?.resourceOwner).toBe(ORG.acme);
    expect(details?.changeDate).toBeDefined();
    const { result } = await client.listOrgMetadata({}, asOwner);
    expect(result.map((m) => `${m.key}=${text(m.value)}`)).toEqual(expect.arrayContaining(["a=1", "b=2"]));
  });

  it("BulkRemoveOrgMetadata removes every listed key", async () => {
    await client.bulkRemoveOrgMetadata({ keys: ["plan", "region"] }, asOwner);

    const { result } = await client.listOrgMetadata({}, asOwner);
    expect(result.map((m) => m.key)).toEqual(["support.tier"]);
  });
});

// The errors that cross-protocol.test.ts compares over REST, gRPC and gRPC-web are not repeated here.
describe("more error cases over gRPC-web: status code, message and ErrorDetail id", () => {
  const INVALID = Code.InvalidArgument;
  const cases: Array<[string, (c: GrpcWebClient) => Promise<unknown>, ExpectedError]> = [
    // authentication and org context
    [
      "a membership without org.read",
      (c) => c.getMyOrg({}, bearer(TOKEN.acmeProjectCreator)),
      { code: Code.PermissionDenied, message: "No matching permissions found", id: "AUTH-5mWD2" },
    ],
    // ZITADEL errors of the operations
    [
      "GetOrgMetadata of a missing key",
      (c) => c.getOrgMetadata({ key: "no-such-key" }, asOwner),
      { code: Code.NotFound, message: "Metadata not found", id: "QUERY-Rph32" },
    ],
    // protoc-gen-validate: no id, no details
    [
      "SetOrgMetadata with an empty key",
      (c) => c.setOrgMetadata({ key: "", value: bytes("v") }, asOwner),
      { code: INVALID, message: "invalid SetOrgMetadataRequest.Key: value length must be between 1 and 200 runes, inclusive" },
    ],
    [
      "SetOrgMetadata with an empty value",
      (c) => c.setOrgMetadata({ key: "plan" }, asOwner),
      { code: INVALID, message: "invalid SetOrgMetadataRequest.Value: value length must be between 1 and 500000 bytes, inclusive" },
    ],
    [
      "GetOrgMetadata with a key of 201 runes",
      (c) => c.getOrgMetadata({ key: "ü".repeat(201) }, asOwner),
      { code: INVALID, message: "invalid GetOrgMetadataRequest.Key: value length must be between 1 and 200 runes, inclusive" },
    ],
    [
      "RemoveOrgMetadata with an empty key",
      (c) => c.removeOrgMetadata({ key: "" }, asOwner),
      { code: INVALID, message: "invalid RemoveOrgMetadataRequest.Key: value length must be between 1 and 200 runes, inclusive" },
    ],
    [
      "BulkSetOrgMetadata with an empty key",
      (c) => c.bulkSetOrgMetadata({ metadata: [{ key: "", value: bytes("v") }] }, asOwner),
      {
        code: INVALID,
        message:
          "invalid BulkSetOrgMetadataRequest.Metadata[0]: embedded message failed validation | caused by: invalid BulkSetOrgMetadataRequest_Metadata.Key: value length must be between 1 and 200 runes, inclusive",
      },
    ],
    [
      "BulkRemoveOrgMetadata with an empty key",
      (c) => c.bulkRemoveOrgMetadata({ keys: [""] }, asOwner),
      { code: INVALID, message: "invalid BulkRemoveOrgMetadataRequest.Keys[0]: value length must be between 1 and 200 runes, inclusive" },
    ],
    [
      "ListOrgMetadata with a query without key_query",
      (c) => c.listOrgMetadata({ queries: [{}] }, asOwner),
      {
        code: INVALID,
        message:
          "invalid ListOrgMetadataRequest.Queries[0]: embedded message failed validation | caused by: invalid MetadataQuery.Query: value is required",
      },
    ],
    [
      "ListOrgMetadata with an undefined text query method",
      (c) => c.listOrgMetadata({ queries: [{ query: { case: "keyQuery", value: { key: "p", method: 42 as TextQueryMethod } } }] }, asOwner),
      {
        code: INVALID,
        message:
          "invalid ListOrgMetadataRequest.Queries[0]: embedded message failed validation | caused by: invalid MetadataQuery.KeyQuery: embedded message failed validation | caused by: invalid MetadataKeyQuery.Method: value must be one of the defined enum values",
      },
    ],
  ];

  it.each(cases)("%s", async (_case, call, expected) => {
    const error = await grpcWebFailure(call(client));

    expectGrpcWebError(error, expected);
  });

  it("a request message over 4 MiB: RESOURCE_EXHAUSTED as grpc-go words it", async () => {
    const error = await grpcWebFailure(client.setOrgMetadata({ key: "big", value: new Uint8Array(5 * 1024 * 1024) }, asOwner));

    expectGrpcWebError(error, {
      code: Code.ResourceExhausted,
      message: "grpc: received message larger than max (5242890 vs. 4194304)",
    });
  });
});

describe("the ManagementService RPCs the mock does not cover, over gRPC-web", () => {
  // Every one over gRPC (zitadel-node-client.test.ts); the dispatch is the same for gRPC-web, whose
  // framing of the status a sample shows.
  it("answer UNIMPLEMENTED with a message that the mock does not cover them (every 20th of them)", async () => {
    const others = ManagementService.methods.filter((method) => !MOCKED_RPCS.has(method.name));
    const sample = others.filter((_, index) => index % 20 === 0);
    const calls = client as unknown as Record<string, (request: object, options: object) => Promise<unknown>>;

    const errors = await Promise.all(
      sample.map(async (method) => ({ name: method.name, error: await grpcWebFailure(calls[method.localName]!({}, asOwner)) })),
    );

    expect(errors.length).toBeGreaterThan(5);
    for (const { name, error } of errors) {
      expectGrpcWebError(error, {
        code: Code.Unimplemented,
        message: `zitadel-mock does not implement zitadel.management.v1.ManagementService/${name}; it covers organization and user metadata and GetMyOrg only`,
      });
    }
  });
});
