/**
 * grpc-gateway routing and error rendering: unknown paths, wrong methods, `_bulk`/`_search` winning
 * over `{key}`, and grpc-go's message size limit (reference §1.4, §4.2, §4.3).
 */
import { create, toBinary } from "@bufbuild/protobuf";
import { BulkSetOrgMetadataRequestSchema, SetOrgMetadataRequestSchema } from "@zitadel/proto/zitadel/management_pb.js";
import request from "supertest";
import { describe, expect, it } from "vitest";
import {
  API,
  TOKEN,
  as,
  b64,
  expectOk,
  expectZitadelError,
  keysOf,
  metadataOf,
  mockPerFile,
  text,
} from "./support.js";

const { mock } = await mockPerFile();
const acme = as(mock, TOKEN.acmeOwner);

const NOT_FOUND = { status: 404, code: 5, message: "Not Found" };
const METHOD_NOT_ALLOWED = { status: 405, code: 12, message: "Method Not Allowed" };
const MAX = 4 * 1024 * 1024;

describe("unknown paths: 404 {code 5, 'Not Found'}", () => {
  it.each([
    ["GET", `${API}/nope`],
    ["GET", `${API}/metadata`],
    ["POST", `${API}/metadata`],
    ["GET", `${API}/metadata/a/b`],
    ["GET", `${API}/orgs/me/extra`],
    ["GET", "/management/v2/metadata/plan"],
    ["GET", "/nope"],
    ["GET", "/"],
  ])("%s %s", async (method, path) => {
    const res = await request(mock.app)[method === "GET" ? "get" : "post"](path).set("Authorization", `Bearer ${TOKEN.acmeOwner}`);
    expectZitadelError(res, NOT_FOUND);
  });

  it("routes before it authenticates", async () => {
    expectZitadelError(await request(mock.app).get(`${API}/nope`), NOT_FOUND);
  });
});

describe("wrong methods: 405 {code 12, 'Method Not Allowed'}", () => {
  it.each([
    ["put", "/metadata/plan"],
    ["patch", "/metadata/plan"],
    ["put", "/metadata/_bulk"],
    ["patch", "/metadata/_search"],
    ["post", "/orgs/me"],
    ["delete", "/orgs/me"],
  ] as const)("%s %s", async (method, path) => {
    const res = await request(mock.app)[method](API + path).set("Authorization", `Bearer ${TOKEN.acmeOwner}`).send({});
    expectZitadelError(res, METHOD_NOT_ALLOWED);
  });

  it("routes before it authenticates", async () => {
    expectZitadelError(await request(mock.app).put(`${API}/metadata/plan`), METHOD_NOT_ALLOWED);
  });
});

describe("_bulk and _search win over {key}", () => {
  it("POST /metadata/_search is ListOrgMetadata, not SetOrgMetadata of the key '_search'", async () => {
    const res = await acme.post("/metadata/_search", { value: b64("meant for a key named _search") });
    expect(keysOf(res)).toEqual(["plan", "region", "support.tier"]);
  });

  it("DELETE /metadata/_bulk is BulkRemoveOrgMetadata, so a key named '_bulk' cannot be removed by path", async () => {
    expectOk(await acme.bulkSet({ _bulk: "bulk key" }));
    const res = await acme.delete("/metadata/_bulk");
    expectZitadelError(res, { status: 400, code: 9, message: "Metadata list is empty", id: "META-9mw2d" });
    expectOk(await acme.bulkRemove(["_bulk"]));
  });

  it("GET /metadata/_bulk and GET /metadata/_search reach GetOrgMetadata", async () => {
    expectZitadelError(await acme.getMetadata("_bulk"), { status: 404, code: 5, message: "Metadata not found", id: "QUERY-Rph32" });
    expectOk(await acme.bulkSet({ _bulk: "bulk key", _search: "search key" }));
    expect(text(metadataOf(await acme.get("/metadata/_bulk")).value)).toBe("bulk key");
    expect(text(metadataOf(await acme.get("/metadata/_search")).value)).toBe("search key");
  });

  it("DELETE /metadata/_search reaches RemoveOrgMetadata", async () => {
    expectZitadelError(await acme.delete("/metadata/_search"), { status: 404, code: 5, message: "Metadata not found", id: "META-mcnw3" });
    expectOk(await acme.bulkSet({ _search: "search key" }));
    expectOk(await acme.delete("/metadata/_search"));
    expectZitadelError(await acme.getMetadata("_search"), { status: 404, code: 5, message: "Metadata not found", id: "QUERY-Rph32" });
  });
});

describe("messages over grpc-go's 4 MiB limit: 429 {code 8}", () => {
  it("answers with the size of the protobuf message, as grpc-go counts it", async () => {
    const value = new Uint8Array(4_300_000).fill(1);
    const size = toBinary(SetOrgMetadataRequestSchema, create(SetOrgMetadataRequestSchema, { key: "big", value })).length;
    expect(size).toBeGreaterThan(MAX);
    const res = await acme.post("/metadata/big", { value: b64(value) });
    expectZitadelError(res, { status: 429, code: 8, message: `grpc: received message larger than max (${size} vs. ${MAX})` });
    expectZitadelError(await acme.getMetadata("big"), { status: 404, code: 5, message: "Metadata not found", id: "QUERY-Rph32" });
  });

  it("counts the whole request: a bulk of values each within the rule", async () => {
    const metadata = Array.from({ length: 9 }, (_, i) => ({ key: `part${i}`, value: new Uint8Array(490_000).fill(i) }));
    const size = toBinary(BulkSetOrgMetadataRequestSchema, create(BulkSetOrgMetadataRequestSchema, { metadata })).length;
    expect(size).toBeGreaterThan(MAX);
    const res = await acme.post("/metadata/_bulk", { metadata: metadata.map(({ key, value }) => ({ key, value: b64(value) })) });
    expectZitadelError(res, { status: 429, code: 8, message: `grpc: received message larger than max (${size} vs. ${MAX})` });
    expectZitadelError(await acme.getMetadata("part0"), { status: 404, code: 5, message: "Metadata not found", id: "QUERY-Rph32" });
  });

  it("answers a very large body with a JSON error and keeps serving", async () => {
    const res = await acme.post("/metadata/huge", { value: "A".repeat(34 * 1024 * 1024) });
    expectZitadelError(res, { status: 429, code: 8, message: /^grpc: received message larger than max \(\d+ vs\. 4194304\)$/ });
    expectOk(await acme.getMetadata("plan"));
    // 34 MiB through supertest: ~2 s on a quiet machine, more than vitest's default 5 s on a busy one.
  }, 30_000);
});

describe("every failure has a JSON error body", () => {
  it("for each kind of error the API produces", async () => {
    const failures = [
      await request(mock.app).get(`${API}/metadata/plan`),
      await acme.getMetadata("missing"),
      await acme.post("/metadata/k", { value: "" }),
      await acme.post("/metadata/k").set("Content-Type", "application/json").send("{"),
      await acme.search({ query: { limit: 1001 } }),
      await request(mock.app).get(`${API}/nope`),
      await request(mock.app).put(`${API}/metadata/k`),
    ];
    for (const res of failures) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
      expect(res.body).toEqual(expect.objectContaining({ code: expect.any(Number), message: expect.any(String) }));
    }
  });
});
