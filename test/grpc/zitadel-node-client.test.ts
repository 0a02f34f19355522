/**
 * The mock driven by ZITADEL's own Node SDK, `@zitadel/node` (nice-grpc over @grpc/grpc-js, gRPC over
 * h2c): every mocked ManagementService RPC, every error case, and the RPCs the mock does not cover.
 * Errors are asserted as a gRPC client sees them: the status code, the status message and the
 * `zitadel.v1.ErrorDetail` in `grpc-status-details-bin`.
 */
import { ManagementServiceDefinition } from "@zitadel/node/dist/api/generated/zitadel/management.js";
import { TextQueryMethod } from "@zitadel/node/dist/api/generated/zitadel/object.js";
import { OrgState } from "@zitadel/node/dist/api/generated/zitadel/org.js";
import { type CallOptions, Metadata, Status } from "nice-grpc";
import { beforeAll, describe, expect, it } from "vitest";
import {
  FIXTURE_TIME,
  ORG,
  TOKEN,
  bytes,
  expectGrpcError,
  grpcFailure,
  inOrg,
  rest,
  withAuthorization,
  zitadelNodeClient,
  type ZitadelNodeClient,
  MOCKED_RPCS,
  mockPerFile,
} from "./support.js";

const { mock, url, time } = await mockPerFile();
/** alice, ORG_OWNER of ACME: org.read and org.write in her own org. */
const owner = zitadelNodeClient(url, TOKEN.acmeOwner);

/** The current sequence of an org's event stream (ACME by default), read from the mock's state. */
const orgSequence = async (orgId: string = ORG.acme): Promise<number> => mock.instance.org(orgId)!.aggregate.sequence;

const keysOf = (list: { result: Array<{ key: string }> }): string[] => list.result.map((item) => item.key);

describe("GetMyOrg", () => {
  it("answers the organization of the token's user when no x-zitadel-orgid is sent", async () => {
    const { org } = await owner.getMyOrg({});

    expect(org).toMatchObject({ id: ORG.acme, name: "ACME", primaryDomain: "acme.localhost", state: OrgState.ORG_STATE_ACTIVE });
    expect(org!.details!.resourceOwner).toBe(ORG.acme);
    expect(org!.details!.creationDate).toEqual(new Date(FIXTURE_TIME));
  });

  it("answers the organization named by x-zitadel-orgid", async () => {
    const iamOwner = zitadelNodeClient(url, TOKEN.iamOwner);

    const { org } = await iamOwner.getMyOrg({}, inOrg(ORG.globex));

    expect(org).toMatchObject({ id: ORG.globex, name: "Globex", primaryDomain: "globex.localhost" });
  });
});

describe("SetOrgMetadata", () => {
  it("adds a key: details carry the new org sequence, the event time and the org, but no changeDate", async () => {
    const before = await orgSequence();
    const at = time.set("2025-02-03T04:05:06.789Z");

    const { details } = await owner.setOrgMetadata({ key: "billing.email", value: bytes("billing@acme.test") });

    expect(details!.sequence.toNumber()).toBe(before + 1);
    expect(details!.creationDate).toEqual(at);
    expect(details!.changeDate).toBeUndefined();
    expect(details!.resourceOwner).toBe(ORG.acme);
    const { metadata } = await owner.getOrgMetadata({ key: "billing.email" });
    expect(metadata!.value.toString("utf8")).toBe("billing@acme.test");
  });

  it("overwrites an existing key; the row keeps its creation date and takes the new change date", async () => {
    const at = time.set("2025-03-01T00:00:00.000Z");

    await owner.setOrgMetadata({ key: "plan", value: bytes("business") });

    const { metadata } = await owner.getOrgMetadata({ key: "plan" });
    expect(metadata!.value.toString("utf8")).toBe("business");
    expect(metadata!.details!.creationDate).toEqual(new Date(FIXTURE_TIME));
    expect(metadata!.details!.changeDate).toEqual(at);
  });

  it("pushes a new event even when the value is unchanged", async () => {
    const first = await owner.setOrgMetadata({ key: "plan", value: bytes("enterprise") });
    const second = await owner.setOrgMetadata({ key: "plan", value: bytes("enterprise") });

    expect(second.details!.sequence.toNumber()).toBe(first.details!.sequence.toNumber() + 1);
  });

  it("counts the key in runes and the value in bytes: 200 two-byte characters and 500000 bytes are accepted", async () => {
    const key = "é".repeat(200);

    await owner.setOrgMetadata({ key, value: Buffer.alloc(500_000, 0x61) });

    const { metadata } = await owner.getOrgMetadata({ key });
    expect(metadata!.value.length).toBe(500_000);
  });

  it.each([
    ["an empty key", "", bytes("v"), "invalid SetOrgMetadataRequest.Key: value length must be between 1 and 200 runes, inclusive"],
    ["a key of 201 runes", "k".repeat(201), bytes("v"), "invalid SetOrgMetadataRequest.Key: value length must be between 1 and 200 runes, inclusive"],
    ["an empty value", "plan", Buffer.alloc(0), "invalid SetOrgMetadataRequest.Value: value length must be between 1 and 500000 bytes, inclusive"],
    ["a value of 500001 bytes", "plan", Buffer.alloc(500_001, 1), "invalid SetOrgMetadataRequest.Value: value length must be between 1 and 500000 bytes, inclusive"],
  ])("rejects %s with INVALID_ARGUMENT, protoc-gen-validate's message and no details", async (_case, key, value, message) => {
    const failure = await grpcFailure((o) => owner.setOrgMetadata({ key, value }, o));

    expectGrpcError(failure, { code: Status.INVALID_ARGUMENT, message });
  });

  // grpc-go (ZITADEL) refuses a message over 4 MiB before any interceptor runs.
  it("rejects a request message over 4 MiB with RESOURCE_EXHAUSTED, as grpc-go words it", async () => {
    const value = Buffer.alloc(5 * 1024 * 1024, 1);

    const failure = await grpcFailure((o) => owner.setOrgMetadata({ key: "big", value }, o));

    expectGrpcError(failure, { code: Status.RESOURCE_EXHAUSTED, message: "grpc: received message larger than max (5242890 vs. 4194304)" });
  });
});

describe("GetOrgMetadata", () => {
  it("returns the key, the value bytes and the row's details", async () => {
    const { metadata } = await owner.getOrgMetadata({ key: "region" });

    expect(metadata!.key).toBe("region");
    expect(metadata!.value.toString("utf8")).toBe("eu-west-1");
    expect(metadata!.details).toMatchObject({
      creationDate: new Date(FIXTURE_TIME),
      changeDate: new Date(FIXTURE_TIME),
      resourceOwner: ORG.acme,
    });
    expect(metadata!.details!.sequence.toNumber()).toBeGreaterThan(0);
  });

  it("answers NOT_FOUND QUERY-Rph32 for a key that is not set", async () => {
    const failure = await grpcFailure((o) => owner.getOrgMetadata({ key: "no-such-key" }, o));

    expectGrpcError(failure, { code: Status.NOT_FOUND, message: "Metadata not found", id: "QUERY-Rph32" });
  });

  it("matches the key exactly and case-sensitively", async () => {
    const failure = await grpcFailure((o) => owner.getOrgMetadata({ key: "PLAN" }, o));

    expectGrpcError(failure, { code: Status.NOT_FOUND, message: "Metadata not found", id: "QUERY-Rph32" });
  });

  it("rejects an empty key with protoc-gen-validate's message", async () => {
    const failure = await grpcFailure((o) => owner.getOrgMetadata({ key: "" }, o));

    expectGrpcError(failure, {
      code: Status.INVALID_ARGUMENT,
      message: "invalid GetOrgMetadataRequest.Key: value length must be between 1 and 200 runes, inclusive",
    });
  });
});

describe("ListOrgMetadata", () => {
  it("lists every key of the org, key ascending, with the count and the view timestamp", async () => {
    const list = await owner.listOrgMetadata({});

    expect(keysOf(list)).toEqual(["plan", "region", "support.tier"]);
    expect(list.details!.totalResult.toNumber()).toBe(3);
    expect(list.details!.processedSequence.toNumber()).toBe(0);
    expect(list.details!.viewTimestamp).toBeInstanceOf(Date);
    expect(list.result[0]!.value.toString("utf8")).toBe("enterprise");
  });

  it("filters by key with a text query method", async () => {
    const list = await owner.listOrgMetadata({
      queries: [{ keyQuery: { key: "SUPPORT", method: TextQueryMethod.TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE } }],
    });

    expect(keysOf(list)).toEqual(["support.tier"]);
    expect(list.details!.totalResult.toNumber()).toBe(1);
  });

  it("AND-combines several queries", async () => {
    const list = await owner.listOrgMetadata({
      queries: [
        { keyQuery: { key: "e", method: TextQueryMethod.TEXT_QUERY_METHOD_CONTAINS } },
        { keyQuery: { key: "r", method: TextQueryMethod.TEXT_QUERY_METHOD_ENDS_WITH } },
      ],
    });

    expect(keysOf(list)).toEqual(["support.tier"]);
  });

  it("pages with offset and limit; totalResult counts all matches, and is 0 past the end", async () => {
    const first = await owner.listOrgMetadata({ query: { offset: 0, limit: 2 } });
    const second = await owner.listOrgMetadata({ query: { offset: 2, limit: 2 } });
    const beyond = await owner.listOrgMetadata({ query: { offset: 5, limit: 2 } });

    expect(keysOf(first)).toEqual(["plan", "region"]);
    expect(first.details!.totalResult.toNumber()).toBe(3);
    expect(keysOf(second)).toEqual(["support.tier"]);
    expect(keysOf(beyond)).toEqual([]);
    expect(beyond.details!.totalResult.toNumber()).toBe(0);
  });

  it("lists the org named by x-zitadel-orgid", async () => {
    const iamOwner = zitadelNodeClient(url, TOKEN.iamOwner);

    const list = await iamOwner.listOrgMetadata({}, inOrg(ORG.globex));

    expect(keysOf(list)).toEqual(["plan"]);
    expect(list.result[0]!.value.toString("utf8")).toBe("starter");
  });

  it("accepts a limit of 1000 and answers INVALID_ARGUMENT QUERY-4M0fs above it", async () => {
    await expect(owner.listOrgMetadata({ query: { limit: 1000 } })).resolves.toBeDefined();

    const failure = await grpcFailure((o) => owner.listOrgMetadata({ query: { limit: 1001 } }, o));

    expectGrpcError(failure, { code: Status.INVALID_ARGUMENT, message: "Limit exceeded", id: "QUERY-4M0fs" });
  });

  it.each([
    [
      "a query without key_query",
      [{}],
      "invalid ListOrgMetadataRequest.Queries[0]: embedded message failed validation | caused by: invalid MetadataQuery.Query: value is required",
    ],
    [
      "an undefined text query method",
      [{ keyQuery: { key: "plan", method: 99 as TextQueryMethod } }],
      "invalid ListOrgMetadataRequest.Queries[0]: embedded message failed validation | caused by: invalid MetadataQuery.KeyQuery: embedded message failed validation | caused by: invalid MetadataKeyQuery.Method: value must be one of the defined enum values",
    ],
    [
      "a query key of 201 runes",
      [{ keyQuery: { key: "k".repeat(201) } }],
      "invalid ListOrgMetadataRequest.Queries[0]: embedded message failed validation | caused by: invalid MetadataQuery.KeyQuery: embedded message failed validation | caused by: invalid MetadataKeyQuery.Key: value length must be at most 200 runes",
    ],
  ])("rejects %s with protoc-gen-validate's message", async (_case, queries, message) => {
    const failure = await grpcFailure((o) => owner.listOrgMetadata({ queries }, o));

    expectGrpcError(failure, { code: Status.INVALID_ARGUMENT, message });
  });
});

describe("RemoveOrgMetadata", () => {
  it("removes a key: details carry the sequence, the change date and the org, but no creationDate", async () => {
    const before = await orgSequence();
    const at = time.set("2025-04-01T12:00:00.000Z");

    const { details } = await owner.removeOrgMetadata({ key: "region" });

    expect(details!.sequence.toNumber()).toBe(before + 1);
    expect(details!.changeDate).toEqual(at);
    expect(details!.creationDate).toBeUndefined();
    expect(details!.resourceOwner).toBe(ORG.acme);
    expectGrpcError(await grpcFailure((o) => owner.getOrgMetadata({ key: "region" }, o)), {
      code: Status.NOT_FOUND,
      message: "Metadata not found",
      id: "QUERY-Rph32",
    });
  });

  it("rejects an empty key with protoc-gen-validate's message", async () => {
    const failure = await grpcFailure((o) => owner.removeOrgMetadata({ key: "" }, o));

    expectGrpcError(failure, {
      code: Status.INVALID_ARGUMENT,
      message: "invalid RemoveOrgMetadataRequest.Key: value length must be between 1 and 200 runes, inclusive",
    });
  });
});

describe("BulkSetOrgMetadata", () => {
  it("sets every entry; details carry the last event's sequence and a change date, but no creationDate", async () => {
    const before = await orgSequence();
    const at = time.set("2025-05-05T05:05:05.000Z");

    const { details } = await owner.bulkSetOrgMetadata({
      metadata: [
        { key: "tier", value: bytes("1") },
        { key: "plan", value: bytes("trial") },
      ],
    });

    expect(details!.sequence.toNumber()).toBe(before + 2);
    expect(details!.changeDate).toEqual(at);
    expect(details!.creationDate).toBeUndefined();
    expect(details!.resourceOwner).toBe(ORG.acme);
    expect(keysOf(await owner.listOrgMetadata({}))).toEqual(["plan", "region", "support.tier", "tier"]);
    expect((await owner.getOrgMetadata({ key: "plan" })).metadata!.value.toString("utf8")).toBe("trial");
  });

  it("keeps the last value of a key listed twice", async () => {
    await owner.bulkSetOrgMetadata({
      metadata: [
        { key: "color", value: bytes("red") },
        { key: "color", value: bytes("blue") },
      ],
    });

    expect((await owner.getOrgMetadata({ key: "color" })).metadata!.value.toString("utf8")).toBe("blue");
  });

  it("rejects an invalid entry with protoc-gen-validate's nested message and sets nothing", async () => {
    const failure = await grpcFailure((o) =>
      owner.bulkSetOrgMetadata(
        {
          metadata: [
            { key: "fine", value: bytes("ok") },
            { key: "empty", value: Buffer.alloc(0) },
          ],
        },
        o,
      ),
    );

    expectGrpcError(failure, {
      code: Status.INVALID_ARGUMENT,
      message:
        "invalid BulkSetOrgMetadataRequest.Metadata[1]: embedded message failed validation | caused by: invalid BulkSetOrgMetadataRequest_Metadata.Value: value length must be between 1 and 500000 bytes, inclusive",
    });
    expect(keysOf(await owner.listOrgMetadata({}))).not.toContain("fine");
  });
});

describe("BulkRemoveOrgMetadata", () => {
  it("removes every listed key; details carry the last event's sequence and a change date", async () => {
    const before = await orgSequence();
    const at = time.set("2025-06-06T06:06:06.000Z");

    const { details } = await owner.bulkRemoveOrgMetadata({ keys: ["plan", "support.tier"] });

    expect(details!.sequence.toNumber()).toBe(before + 2);
    expect(details!.changeDate).toEqual(at);
    expect(details!.creationDate).toBeUndefined();
    expect(details!.resourceOwner).toBe(ORG.acme);
    expect(keysOf(await owner.listOrgMetadata({}))).toEqual(["region"]);
  });

  it("answers NOT_FOUND META-2npds when any key is missing, and removes nothing", async () => {
    const failure = await grpcFailure((o) => owner.bulkRemoveOrgMetadata({ keys: ["plan", "no-such-key"] }, o));

    expectGrpcError(failure, { code: Status.NOT_FOUND, message: "One or more keys do not exist", id: "META-2npds" });
    expect(keysOf(await owner.listOrgMetadata({}))).toEqual(["plan", "region", "support.tier"]);
  });

  it("rejects an empty key in the list with protoc-gen-validate's message", async () => {
    const failure = await grpcFailure((o) => owner.bulkRemoveOrgMetadata({ keys: ["plan", ""] }, o));

    expectGrpcError(failure, {
      code: Status.INVALID_ARGUMENT,
      message: "invalid BulkRemoveOrgMetadataRequest.Keys[1]: value length must be between 1 and 200 runes, inclusive",
    });
  });
});

describe("authentication and org context from gRPC metadata", () => {
  /** Each case as call options for @zitadel/node and as the same headers for REST. */
  const cases: Array<{
    name: string;
    token?: string;
    authorization?: string;
    orgId?: string;
    expected: { code: number; message: string; id?: string };
  }> = [
    { name: "no authorization", expected: { code: Status.UNAUTHENTICATED, message: "auth header missing" } },
    { name: "an empty authorization", authorization: "", expected: { code: Status.UNAUTHENTICATED, message: "auth header missing" } },
    {
      name: "authorization without 'Bearer '",
      authorization: `Basic ${TOKEN.acmeOwner}`,
      expected: { code: Status.UNAUTHENTICATED, message: "invalid auth header", id: "AUTH-toLo1" },
    },
    {
      name: "a lower-case 'bearer '",
      authorization: `bearer ${TOKEN.acmeOwner}`,
      expected: { code: Status.UNAUTHENTICATED, message: "invalid auth header", id: "AUTH-toLo1" },
    },
    {
      name: "an unknown token",
      token: "not-a-token",
      expected: { code: Status.UNAUTHENTICATED, message: "Errors.Token.Invalid", id: "AUTH-7fs1e" },
    },
    {
      name: "x-zitadel-orgid of an org that does not exist",
      token: TOKEN.acmeOwner,
      orgId: "999999999999999999",
      expected: { code: Status.PERMISSION_DENIED, message: "Organisation doesn't exist", id: "AUTH-Bs7Ds" },
    },
    {
      name: "a user without membership in the org",
      token: TOKEN.globexOwner,
      orgId: ORG.acme,
      expected: { code: Status.NOT_FOUND, message: "membership not found", id: "AUTHZ-cdgFk" },
    },
    {
      name: "a membership without org.read",
      token: TOKEN.acmeProjectCreator,
      expected: { code: Status.PERMISSION_DENIED, message: "No matching permissions found", id: "AUTH-5mWD2" },
    },
  ];

  it.each(cases)("$name: $expected.code $expected.message, as over REST", async ({ token, authorization, orgId, expected }) => {
    const client = zitadelNodeClient(url, token);
    const metadata = Metadata();
    if (authorization !== undefined) metadata.set("authorization", authorization);
    if (orgId !== undefined) metadata.set("x-zitadel-orgid", orgId);

    const failure = await grpcFailure((o) => client.getOrgMetadata({ key: "plan" }, { ...o, metadata }));
    const overRest = await rest(url, "GET", "/metadata/plan", { token, authorization, orgId });

    expectGrpcError(failure, expected);
    expect(overRest.body.code).toBe(failure.code);
    expect(overRest.body.message).toBe(failure.message);
  });

  it("authenticates before it validates the request", async () => {
    const anonymous = zitadelNodeClient(url);

    const failure = await grpcFailure((o) => anonymous.setOrgMetadata({ key: "", value: Buffer.alloc(0) }, o));

    expectGrpcError(failure, { code: Status.UNAUTHENTICATED, message: "auth header missing" });
  });

  it("lets an explicit authorization metadata win over the token interceptor", async () => {
    const failure = await grpcFailure((o) => owner.getMyOrg({}, { ...o, ...withAuthorization("Bearer not-a-token") }));

    expectGrpcError(failure, { code: Status.UNAUTHENTICATED, message: "Errors.Token.Invalid", id: "AUTH-7fs1e" });
  });

  describe("an ORG_OWNER_VIEWER (org.read only)", () => {
    let viewer: ZitadelNodeClient;
    beforeAll(() => {
      viewer = zitadelNodeClient(url, TOKEN.acmeViewer);
    });

    it("can read: GetMyOrg, GetOrgMetadata and ListOrgMetadata", async () => {
      expect((await viewer.getMyOrg({})).org!.id).toBe(ORG.acme);
      expect((await viewer.getOrgMetadata({ key: "plan" })).metadata!.key).toBe("plan");
      expect(keysOf(await viewer.listOrgMetadata({}))).toHaveLength(3);
    });

    it.each<[string, (client: ZitadelNodeClient, options: CallOptions) => Promise<unknown>]>([
      ["SetOrgMetadata", (c, o) => c.setOrgMetadata({ key: "plan", value: bytes("free") }, o)],
      ["BulkSetOrgMetadata", (c, o) => c.bulkSetOrgMetadata({ metadata: [{ key: "plan", value: bytes("free") }] }, o)],
      ["RemoveOrgMetadata", (c, o) => c.removeOrgMetadata({ key: "plan" }, o)],
      ["BulkRemoveOrgMetadata", (c, o) => c.bulkRemoveOrgMetadata({ keys: ["plan"] }, o)],
    ])("cannot write: %s answers PERMISSION_DENIED AUTH-5mWD2", async (_rpc, call) => {
      const failure = await grpcFailure((o) => call(viewer, o));

      expectGrpcError(failure, { code: Status.PERMISSION_DENIED, message: "No matching permissions found", id: "AUTH-5mWD2" });
    });
  });

  it("lets the IAM owner write in any org with x-zitadel-orgid; the org's owner then reads it", async () => {
    const iamOwner = zitadelNodeClient(url, TOKEN.iamOwner);
    const globexOwner = zitadelNodeClient(url, TOKEN.globexOwner);

    const { details } = await iamOwner.setOrgMetadata({ key: "audited", value: bytes("yes") }, inOrg(ORG.globex));

    expect(details!.resourceOwner).toBe(ORG.globex);
    expect((await globexOwner.getOrgMetadata({ key: "audited" })).metadata!.value.toString("utf8")).toBe("yes");
    expectGrpcError(await grpcFailure((o) => owner.getOrgMetadata({ key: "audited" }, o)), {
      code: Status.NOT_FOUND,
      message: "Metadata not found",
      id: "QUERY-Rph32",
    });
  });
});

describe("the ManagementService RPCs the mock does not cover", () => {
  const others = Object.entries(ManagementServiceDefinition.methods).filter(([, method]) => !MOCKED_RPCS.has(method.name));

  it("are many: the mock registers the whole service", () => {
    expect(others.length).toBeGreaterThan(100);
  });

  it("every one answers UNIMPLEMENTED with a message that the mock does not cover it", async () => {
    const calls = owner as unknown as Record<string, (request: object, options: CallOptions) => Promise<unknown>>;

    const failures = await Promise.all(
      others.map(async ([localName, method]) => ({ name: method.name, failure: await grpcFailure((o) => calls[localName]!({}, o)) })),
    );

    for (const { name, failure } of failures) {
      expectGrpcError(failure, {
        code: Status.UNIMPLEMENTED,
        message: `zitadel-mock does not implement zitadel.management.v1.ManagementService/${name}; it covers organization and user metadata and GetMyOrg only`,
      });
    }
  });
});
