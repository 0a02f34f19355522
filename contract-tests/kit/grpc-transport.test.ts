// The gRPC transport hands the cases the same JSON as the REST transport: against the in-process mock,
// the same reads over both give the same bodies (protojson form: zero values omitted, uint64 as
// strings, bytes as padded standard base64, enums as names, RFC 3339 timestamps), and the same error
// gives the same code, message, details and error id. The one difference ts-proto brings is in the
// timestamps: always three fractional digits, sub-millisecond digits dropped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MockServer } from "../../src/index.js";
import { loadSpecConformance } from "./conformance.js";
import { GrpcTransport, grpcPath, httpStatusFromCode } from "./grpc-transport.js";
import { decodeRpcStatus, rpcStatusJson } from "./grpc-status.js";
import { RestTransport } from "./rest-transport.js";
import { mockProfile } from "./target.js";
import { ERROR_DETAIL_TYPE, type OperationName, type OperationRequests, type WireContext } from "./transport.js";
import { b64, binary } from "./values.js";

let mock: MockServer;
let rest: RestTransport;
let grpc: GrpcTransport;
let wire: WireContext;

beforeAll(async () => {
  const { createMockServer } = await import("../../src/index.js");
  mock = await createMockServer({ port: 0, host: "127.0.0.1" });
  const { url } = await mock.start();
  const profile = mockProfile(mock.fixture);
  const conformance = await loadSpecConformance();
  rest = new RestTransport({ baseUrl: url, conformance });
  grpc = new GrpcTransport({ baseUrl: url, conformance });
  wire = { authorization: `Bearer ${profile.token}`, orgId: profile.orgId ?? null };
});

afterAll(async () => {
  grpc?.close();
  await mock?.stop();
});

/**
 * Timestamps as instants (ts-proto prints `.000Z`, protojson `Z` for whole seconds). `viewTimestamp`
 * is the time of each request (ZITADEL's projection trigger), so two calls never share it.
 */
function instants(value: unknown): unknown {
  if (typeof value === "string" && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(value)) return new Date(value).toISOString();
  if (Array.isArray(value)) return value.map(instants);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "viewTimestamp" ? typeof v : instants(v)]));
  return value;
}

async function both<Op extends OperationName>(op: Op, request: OperationRequests[Op], context: WireContext = wire) {
  const [overRest, overGrpc] = [await rest.call(op, request, context), await grpc.call(op, request, context)];
  return { overRest, overGrpc };
}

describe("GrpcTransport", () => {
  const key = `contract-grpc-transport-${Date.now()}`;

  beforeAll(async () => {
    expect((await rest.call("setOrgMetadata", { key, value: b64(binary(100)) }, wire)).ok).toBe(true);
  });

  it("answers reads with the same JSON as REST", async () => {
    const myOrg = await both("getMyOrg", {});
    const get = await both("getOrgMetadata", { key });
    const list = await both("listOrgMetadata", { query: { limit: 10 }, queries: [{ keyQuery: { key, method: "TEXT_QUERY_METHOD_EQUALS" } }] });
    const none = await both("listOrgMetadata", { queries: [{ keyQuery: { key: `${key}-none` } }] });

    for (const { overRest, overGrpc } of [myOrg, get, list, none]) {
      expect(overGrpc.ok).toBe(true);
      expect(overGrpc.httpStatus).toBeUndefined();
      expect(instants(overGrpc.body)).toEqual(instants(overRest.body));
    }
    expect(myOrg.overGrpc.body).toMatchObject({ org: { state: "ORG_STATE_ACTIVE" } });
    expect(get.overGrpc.body).toMatchObject({ metadata: { value: b64(binary(100)), details: { sequence: expect.stringMatching(/^[0-9]+$/) } } });
    expect(list.overGrpc.body).toMatchObject({ details: { totalResult: "1" } });
    expect(none.overGrpc.body).not.toHaveProperty("result");
    expect(none.overGrpc.body).not.toHaveProperty("details.totalResult");
  });

  it("prints timestamps as RFC 3339 UTC with three fractional digits", async () => {
    const { overGrpc } = await both("getOrgMetadata", { key });
    const details = (overGrpc.body as { metadata: { details: Record<string, string> } }).metadata.details;
    expect(details.creationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("answers an error with the same code, message, details and error id as REST", async () => {
    const { overRest, overGrpc } = await both("getOrgMetadata", { key: `${key}-missing` });

    expect(overGrpc).toMatchObject({ ok: false, code: 5, errorId: "QUERY-Rph32" });
    expect(overGrpc.httpStatus).toBeUndefined();
    expect(overGrpc.body).toEqual(overRest.body);
    expect(overGrpc.message).toBe(overRest.message);
  });

  it("sends a malformed authorization verbatim, and none when it is null", async () => {
    const lower = await both("getMyOrg", {}, { ...wire, authorization: wire.authorization!.replace("Bearer", "bearer") });
    const none = await both("getMyOrg", {}, { ...wire, authorization: null });

    expect(lower.overGrpc).toMatchObject({ code: 16, errorId: "AUTH-toLo1" });
    expect(none.overGrpc.body).toEqual({ code: 16, message: "auth header missing" });
    expect(none.overGrpc.body).toEqual(none.overRest.body);
  });

  it("sends an enum number as given, also an undefined one", async () => {
    const { overRest, overGrpc } = await both("listOrgMetadata", { queries: [{ keyQuery: { key, method: 99 } }] });

    expect(overGrpc).toMatchObject({ ok: false, code: 3 });
    expect(overGrpc.body).toEqual(overRest.body);
  });

  it("refuses to send a value that is not base64", async () => {
    await expect(grpc.call("setOrgMetadata", { key, value: "not base64!" }, wire)).rejects.toThrow(/is not base64/);
  });
});

describe("gRPC helpers", () => {
  it("names the RPC path and maps codes to the gateway's HTTP status for the spec check", () => {
    expect(grpcPath("bulkRemoveOrgMetadata")).toBe("/zitadel.management.v1.ManagementService/BulkRemoveOrgMetadata");
    expect([0, 3, 5, 7, 8, 9, 16].map(httpStatusFromCode)).toEqual([200, 400, 404, 403, 429, 400, 401]);
  });

  it("renders grpc-status-details-bin as the REST gateway renders the status", () => {
    // google.rpc.Status { code: 5, message: "m (X-1)", details: [Any { type_url, value: ErrorDetail { id: "X-1", message: "m" } }] }
    const detail = Buffer.from([0x0a, 3, ...Buffer.from("X-1"), 0x12, 1, ...Buffer.from("m")]);
    const typeUrl = Buffer.from(ERROR_DETAIL_TYPE);
    const any = Buffer.from([0x0a, typeUrl.length, ...typeUrl, 0x12, detail.length, ...detail]);
    const message = Buffer.from("m (X-1)");
    const status = Buffer.from([0x08, 5, 0x12, message.length, ...message, 0x1a, any.length, ...any]);

    expect(rpcStatusJson(decodeRpcStatus(status))).toEqual({
      code: 5,
      message: "m (X-1)",
      details: [{ "@type": ERROR_DETAIL_TYPE, id: "X-1", message: "m" }],
    });
  });
});
