/**
 * Request validation over REST: protoc-gen-validate messages (HTTP 400, code 3, no details), key
 * lengths in code points, value lengths in decoded bytes, nested names with indexes (reference §1.2,
 * §4.1, §4.5), and undecodable bodies (§2.3): the edge cases beyond the contract cases (emoji and
 * multi-byte values at the limits, an empty body, the order of checks). The limits themselves (200/201
 * runes, 500000/500001 bytes, URL-safe base64, each RPC's message name) are asserted once, in
 * contract-tests/cases/{set,get,remove,bulk-set,bulk-remove}.contract.test.ts, over REST and gRPC; the
 * exact PGV texts, in src/api/request-validation.test.ts.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import {
  API,
  TOKEN,
  as,
  b64,
  expectOk,
  expectZitadelError,
  metadataOf,
  metadataPath,
  mockPerFile,
} from "./support.js";

const { mock } = await mockPerFile();
const acme = as(mock, TOKEN.acmeOwner);

const pgv = (message: string) => ({ status: 400, code: 3, message });
const KEY_RULE = "value length must be between 1 and 200 runes, inclusive";
const VALUE_RULE = "value length must be between 1 and 500000 bytes, inclusive";
const EMOJI = "😀"; // one code point, two UTF-16 units, four UTF-8 bytes

describe("key length: 1..200 code points", () => {
  it("counts code points, not UTF-16 units: 200 emoji (400 units) are a valid key, 201 are not", async () => {
    const key = EMOJI.repeat(200);
    expect(key.length).toBe(400);
    expectOk(await acme.set(key, "v"));
    expect(metadataOf(await acme.getMetadata(key)).key).toBe(key);
    expectZitadelError(await acme.set(EMOJI.repeat(201), "v"), pgv(`invalid SetOrgMetadataRequest.Key: ${KEY_RULE}`));
  });

  it("counts code points in bulk entries too", async () => {
    expectOk(await acme.bulkSet({ [EMOJI.repeat(200)]: "v" }));
    expectZitadelError(
      await acme.bulkSet([["ok", "v"], [EMOJI.repeat(201), "v"]]),
      pgv(
        `invalid BulkSetOrgMetadataRequest.Metadata[1]: embedded message failed validation | caused by: invalid BulkSetOrgMetadataRequest_Metadata.Key: ${KEY_RULE}`,
      ),
    );
  });

  it("limits a search key to at most 200 code points and allows an empty one", async () => {
    const res = await acme.search({ queries: [{ keyQuery: { key: "ok" } }, { keyQuery: { key: "q".repeat(201) } }] });
    expectZitadelError(
      res,
      pgv(
        "invalid ListOrgMetadataRequest.Queries[1]: embedded message failed validation | caused by: " +
          "invalid MetadataQuery.KeyQuery: embedded message failed validation | caused by: " +
          "invalid MetadataKeyQuery.Key: value length must be at most 200 runes",
      ),
    );
    expectOk(await acme.search({ queries: [{ keyQuery: { key: EMOJI.repeat(200), method: "TEXT_QUERY_METHOD_CONTAINS" } }] }));
    expectOk(await acme.search({ queries: [{ keyQuery: { key: "" } }] }));
  });
});

describe("value length: 1..500000 decoded bytes", () => {
  it("rejects an empty request body (the gateway tolerates it, then the value is empty)", async () => {
    const res = await request(mock.app).post(`${API}/metadata/k`).set("Authorization", `Bearer ${TOKEN.acmeOwner}`);
    expectZitadelError(res, pgv(`invalid SetOrgMetadataRequest.Value: ${VALUE_RULE}`));
  });

  it("counts bytes, not characters: 250000 × 'é' is 500000 bytes (accepted), 250001 is not", async () => {
    expectOk(await acme.set("accented", "é".repeat(250_000)));
    expectZitadelError(await acme.set("accented", "é".repeat(250_001)), pgv(`invalid SetOrgMetadataRequest.Value: ${VALUE_RULE}`));
  });

  it("applies the value rule to bulk entries by index", async () => {
    const res = await acme.post("/metadata/_bulk", { metadata: [{ key: "a", value: b64("1") }, { key: "b", value: b64(Buffer.alloc(500_001)) }] });
    expectZitadelError(
      res,
      pgv(
        `invalid BulkSetOrgMetadataRequest.Metadata[1]: embedded message failed validation | caused by: invalid BulkSetOrgMetadataRequest_Metadata.Value: ${VALUE_RULE}`,
      ),
    );
  });

  it("reports the key before the value", async () => {
    const res = await acme.post(metadataPath("k".repeat(201)), { value: "" });
    expectZitadelError(res, pgv(`invalid SetOrgMetadataRequest.Key: ${KEY_RULE}`));
  });
});

describe("search queries", () => {
  it("requires the query oneof of every MetadataQuery", async () => {
    const res = await acme.search({ queries: [{}] });
    expectZitadelError(
      res,
      pgv("invalid ListOrgMetadataRequest.Queries[0]: embedded message failed validation | caused by: invalid MetadataQuery.Query: value is required"),
    );
  });

  it("accepts only defined TextQueryMethod numbers", async () => {
    expectOk(await acme.search({ queries: [{ keyQuery: { key: "p", method: 7 } }] }));
    const res = await acme.search({ queries: [{ keyQuery: { key: "p", method: 8 } }] });
    expectZitadelError(
      res,
      pgv(
        "invalid ListOrgMetadataRequest.Queries[0]: embedded message failed validation | caused by: " +
          "invalid MetadataQuery.KeyQuery: embedded message failed validation | caused by: " +
          "invalid MetadataKeyQuery.Method: value must be one of the defined enum values",
      ),
    );
  });

  it("validates the request before applying the limit rule", async () => {
    const res = await acme.search({ query: { limit: 5000 }, queries: [{}] });
    expect(res.status).toBe(400);
    expect(res.body).not.toHaveProperty("details");
  });
});

describe("validation runs after authorization", () => {
  it("answers a viewer's invalid write with 403, not 400", async () => {
    const res = await as(mock, TOKEN.acmeViewer).post("/metadata/k", { value: "" });
    expectZitadelError(res, { status: 403, code: 7, message: "No matching permissions found", id: "AUTH-5mWD2" });
  });

  it("answers an unauthenticated invalid request with 401", async () => {
    const res = await request(mock.app).delete(`${API}/metadata/_bulk`).send({ keys: [""] });
    expectZitadelError(res, { status: 401, code: 16, message: "auth header missing" });
  });
});

describe("undecodable requests: 400, code 3, no details", () => {
  const undecodable = { status: 400, code: 3, message: /\S/ };

  it("rejects malformed JSON", async () => {
    const res = await acme.post("/metadata/k").set("Content-Type", "application/json").send('{"value": "YQ==",');
    expectZitadelError(res, undecodable);
  });

  it.each([
    ["characters outside both alphabets", "not base64!"],
    ["a length that no base64 has", "YWJjZ"],
    ["padding in the middle", "YQ==YQ=="],
    ["both alphabets mixed (protojson picks one)", "-/8="],
    ["padding on an unpadded length", "YQ="],
  ])("rejects base64 with %s", async (_case, value) => {
    expectZitadelError(await acme.post("/metadata/k", { value }), undecodable);
    expectZitadelError(await acme.getMetadata("k"), { status: 404, code: 5, message: "Metadata not found", id: "QUERY-Rph32" });
  });

  it("rejects wrong JSON types", async () => {
    expectZitadelError(await acme.post("/metadata/k", { value: 42 }), undecodable);
    expectZitadelError(await acme.post("/metadata/k", [b64("v")]), undecodable);
    expectZitadelError(await acme.post("/metadata/_bulk", { metadata: { key: "k", value: b64("v") } }), undecodable);
    expectZitadelError(await acme.delete("/metadata/_bulk", { keys: "plan" }), undecodable);
    expectZitadelError(await acme.search({ query: { offset: "-1" } }), undecodable);
    expectZitadelError(await acme.search({ query: { offset: "18446744073709551616" } }), undecodable);
  });

  it("decodes before it authenticates, as the gateway does", async () => {
    const res = await request(mock.app).post(`${API}/metadata/k`).set("Content-Type", "application/json").send("{oops");
    expectZitadelError(res, undecodable);
  });
});
