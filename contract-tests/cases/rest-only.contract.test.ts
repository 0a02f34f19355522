// REST-only behaviour of ZITADEL's grpc-gateway: routing, route precedence, JSON decoding.
// These cases have no gRPC equivalent, so they send raw HTTP requests; over gRPC they are skipped.
import { beforeEach, describe, expect, it } from "vitest";
import { onlyOver, useContract } from "../kit/contract.js";
import { Code, expectError, expectGatewayError, expectOk, UndecodableRequest, validationError, ZitadelError } from "../kit/expectations.js";
import { b64 } from "../kit/values.js";

const contract = useContract("rest");

beforeEach(async (t) => {
  await onlyOver(t, "rest");
});
const path = (key: string) => `/metadata/${encodeURIComponent(key)}`;

describe("routing", () => {
  it("answers an unknown path with 404 {code: 5, message: 'Not Found'}", async () => {
    const result = await contract.client.raw({ method: "GET", path: "/no-such-route", operation: null });

    expectGatewayError(result, 404, { code: Code.NotFound, message: "Not Found" });
  });

  it("answers a known path with an unsupported method with 405 {code: 12, message: 'Method Not Allowed'}", async () => {
    const key = contract.keys.key("put");
    const result = await contract.client.raw({ method: "PUT", path: path(key), body: { value: b64("x") }, operation: null, writes: [key] });

    expectGatewayError(result, 405, { code: Code.Unimplemented, message: "Method Not Allowed" });
  });

  it("does not match a path with a trailing slash: 404 {code: 5, message: 'Not Found'}", async () => {
    const key = contract.keys.key("trailing");
    expectOk(await contract.client.setOrgMetadata({ key, value: b64("x") }));

    const result = await contract.client.raw({ method: "GET", path: `${path(key)}/`, operation: null });

    expectGatewayError(result, 404, { code: Code.NotFound, message: "Not Found" });
  });

  it("routes POST /metadata/_bulk to BulkSetOrgMetadata, not to SetOrgMetadata of key '_bulk'", async () => {
    const result = await contract.client.raw({ method: "POST", path: "/metadata/_bulk", body: { value: b64("x") }, operation: "bulkSetOrgMetadata" });

    expectError(result, ZitadelError.BulkSetListEmpty);
  });

  it("routes POST /metadata/_search to ListOrgMetadata", async () => {
    const result = await contract.client.raw({ method: "POST", path: "/metadata/_search", body: { value: b64("x") }, operation: "listOrgMetadata" });

    expectOk(result);
  });

  it("routes DELETE /metadata/_bulk to BulkRemoveOrgMetadata", async () => {
    const result = await contract.client.raw({ method: "DELETE", path: "/metadata/_bulk", operation: "bulkRemoveOrgMetadata" });

    expectError(result, ZitadelError.BulkRemoveListEmpty);
  });

  it("routes GET /metadata/_bulk to GetOrgMetadata of key '_bulk'", async () => {
    const result = await contract.client.raw({ method: "GET", path: "/metadata/_bulk", operation: "getOrgMetadata" });

    if (result.ok) expect((result.body as { metadata: { key: string } }).metadata.key).toBe("_bulk");
    else expectError(result, ZitadelError.GetMetadataNotFound);
  });
});

describe("request decoding", () => {
  it("lets the path key win over a key in the body", async () => {
    const pathKey = contract.keys.key("from-path");
    const bodyKey = contract.keys.key("from-body");

    const result = await contract.client.raw({
      method: "POST",
      path: path(pathKey),
      body: { key: bodyKey, value: b64("x") },
      operation: "setOrgMetadata",
      writes: [pathKey, bodyKey],
    });

    expectOk(result);
    expectOk(await contract.client.getOrgMetadata({ key: pathKey }));
    expectError(await contract.client.getOrgMetadata({ key: bodyKey }), ZitadelError.GetMetadataNotFound);
  });

  it("decodes percent-encoded keys in the path", async () => {
    const key = contract.keys.key("with space ü €");
    expectOk(await contract.client.setOrgMetadata({ key, value: b64("x") }));

    expect(expectOk(await contract.client.getOrgMetadata({ key })).metadata.key).toBe(key);
  });

  it("answers malformed JSON with 400 InvalidArgument", async () => {
    const key = contract.keys.key("malformed");
    const result = await contract.client.raw({ method: "POST", path: path(key), body: '{"value": ', operation: "setOrgMetadata", writes: [key] });

    expectError(result, UndecodableRequest);
  });

  it("answers a value that is not base64 with 400 InvalidArgument", async () => {
    const key = contract.keys.key("not-base64");
    const result = await contract.client.raw({ method: "POST", path: path(key), body: { value: "not base64!" }, operation: "setOrgMetadata", writes: [key] });

    expectError(result, UndecodableRequest);
  });

  it("treats an empty body as an empty request (the value is then missing)", async () => {
    const key = contract.keys.key("empty-body");
    const result = await contract.client.raw({ method: "POST", path: path(key), body: "", operation: "setOrgMetadata", writes: [key] });

    expectError(result, validationError("SetOrgMetadataRequest.Value"));
  });

  it("ignores unknown fields in the body", async () => {
    const key = contract.keys.key("unknown-field");
    const result = await contract.client.raw({
      method: "POST",
      path: path(key),
      body: { value: b64("x"), notAField: true },
      operation: "setOrgMetadata",
      writes: [key],
    });

    expectOk(result);
  });

  it("accepts snake_case field names, and numbers as JSON numbers or strings (uint64 offset, uint32 limit)", async () => {
    const key = contract.keys.key("snake");
    expectOk(await contract.client.setOrgMetadata({ key, value: b64("x") }));

    for (const query of [{ offset: "0", limit: 10 }, { offset: 0, limit: "10" }]) {
      const result = await contract.client.raw({
        method: "POST",
        path: "/metadata/_search",
        body: { query, queries: [{ key_query: { key, method: "TEXT_QUERY_METHOD_EQUALS" } }] },
        operation: "listOrgMetadata",
      });
      expect((expectOk(result) as { result?: Array<{ key: string }> }).result?.map((m) => m.key)).toEqual([key]);
    }
  });

  it("treats JSON null as an absent field", async () => {
    const list = await contract.client.raw({ method: "POST", path: "/metadata/_search", body: { query: null, queries: null }, operation: "listOrgMetadata" });
    const bulk = await contract.client.raw({ method: "POST", path: "/metadata/_bulk", body: { metadata: null }, operation: "bulkSetOrgMetadata" });
    const remove = await contract.client.raw({ method: "DELETE", path: "/metadata/_bulk", body: { keys: null }, operation: "bulkRemoveOrgMetadata" });

    expectOk(list);
    expectError(bulk, ZitadelError.BulkSetListEmpty);
    expectError(remove, ZitadelError.BulkRemoveListEmpty);
  });

  it("ignores query parameters that are not request fields", async () => {
    const key = contract.keys.key("query-param");
    expectOk(await contract.client.setOrgMetadata({ key, value: b64("x") }));

    const result = await contract.client.raw({ method: "GET", path: `${path(key)}?cacheBuster=1`, operation: "getOrgMetadata" });

    expect((expectOk(result) as { metadata: { key: string } }).metadata.key).toBe(key);
  });

  it("answers with Content-Type application/json, on success and on error", async () => {
    const ok = await contract.client.raw({ method: "POST", path: "/metadata/_search", body: {}, operation: "listOrgMetadata" });
    const error = await contract.client.raw({ method: "GET", path: path(contract.keys.key("nope")), operation: "getOrgMetadata" });

    expect(ok.contentType).toMatch(/^application\/json/);
    expect(error.contentType).toMatch(/^application\/json/);
  });
});
