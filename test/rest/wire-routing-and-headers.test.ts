/**
 * What happens before ZITADEL's gateway picks an RPC (path cleaning, `%2F`), the headers every REST
 * answer carries, call metadata from `Grpc-Metadata-*` headers, odd keys, and viewTimestamp on the
 * mock's clock. Methods without a route, Grpc-Metadata-Authorization and GetMyOrg's details after a
 * write are asserted once, in contract-tests/cases/{rest-only,wire-details}.contract.test.ts.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { API, ORG, RFC3339_UTC, TOKEN, as, b64, expectOk, expectZitadelError, keysOf, metadataOf, mockPerFile } from "./support.js";

const { mock, time } = await mockPerFile();
const acme = as(mock, TOKEN.acmeOwner);
const NOT_FOUND = { status: 404, code: 5, message: "Not Found" };

describe("paths gorilla/mux cleans: 301 to the cleaned path", () => {
  it.each([
    ["//", `${API}//metadata/plan`, `${API}/metadata/plan`],
    ["/./", `${API}/./metadata/plan`, `${API}/metadata/plan`],
    ["/../", `${API}/metadata/../metadata/plan`, `${API}/metadata/plan`],
    ["a trailing slash kept", `${API}//metadata/`, `${API}/metadata/`],
  ])("redirects %s, keeping the query", async (_case, path, cleaned) => {
    const res = await request(mock.app).get(`${path}?x=1`);
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe(`${cleaned}?x=1`);
  });

  it("does not run the RPC: a POST to an unclean path stores nothing", async () => {
    const res = await request(mock.app).post(`${API}//metadata/moved`).set("Authorization", `Bearer ${TOKEN.acmeOwner}`).send({ value: b64("x") });
    expect(res.status).toBe(301);
    expectZitadelError(await acme.getMetadata("moved"), { status: 404, code: 5, message: "Metadata not found", id: "QUERY-Rph32" });
  });
});

describe("%2F in a key", () => {
  it("separates segments: GET, POST and DELETE match no route (404 before authentication)", async () => {
    expectZitadelError(await request(mock.app).get(`${API}/metadata/a%2Fb`), NOT_FOUND);
    expectZitadelError(await request(mock.app).delete(`${API}/metadata/a%2fb`), NOT_FOUND);
    expectZitadelError(await acme.post("/metadata/a%2Fb", { value: b64("x") }), NOT_FOUND);
  });

  it("stores and removes nothing; a key with / is still written and removed with the bulk RPCs", async () => {
    expectOk(await acme.bulkSet({ "a/b": "x" }));
    expectZitadelError(await acme.delete("/metadata/a%2Fb"), NOT_FOUND);
    expect(keysOf(await acme.search({ queries: [{ keyQuery: { key: "a/b" } }] }))).toEqual(["a/b"]);
    expectOk(await acme.bulkRemove(["a/b"]));
  });

  it("is an ordinary key when the % itself is escaped (%252F)", async () => {
    expectOk(await acme.post("/metadata/a%252Fb", { value: b64("x") }));
    expect(metadataOf(await acme.getMetadata("a%2Fb")).key).toBe("a%2Fb");
  });
});

describe("headers on every REST answer", () => {
  const ZITADEL_HEADERS = { "cache-control": "no-store", pragma: "no-cache", "x-robots-tag": "none" };

  it.each([
    ["a success", () => acme.getMetadata("plan")],
    ["an RPC error", () => acme.getMetadata("nope")],
    ["a routing error", () => request(mock.app).get(`${API}/no-such-route`)],
    ["a decoding error", () => request(mock.app).post(`${API}/metadata/_search`).send("{")],
  ])("carries Cache-Control, Pragma and X-Robots-Tag on %s", async (_case, call) => {
    expect((await call()).headers).toMatchObject(ZITADEL_HEADERS);
  });

  it.each([
    ["a success", () => acme.getMetadata("plan")],
    ["an RPC error", () => acme.getMetadata("nope")],
    ["a caller the auth interceptor refuses", () => as(mock, "no-such-token").getMetadata("plan")],
  ])("carries the rest of the no-cache interceptor's metadata on %s: Expires, Grpcgateway-Cache-Control and -Pragma", async (_case, call) => {
    const { headers } = await call();
    expect(headers).toMatchObject({ "grpcgateway-cache-control": "no-store", "grpcgateway-pragma": "no-cache" });
    expect(headers.expires).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Math.abs(Date.parse(headers.expires!) - Date.now())).toBeLessThan(5_000); // the real clock, as Date
  });

  it.each([
    ["a routing error", 404, () => request(mock.app).get(`${API}/no-such-route`)],
    ["a decoding error", 400, () => request(mock.app).post(`${API}/metadata/_search`).send("{")],
    ["a request over 4 MiB, which ZITADEL's gRPC server refuses before its interceptors", 429, () => acme.set("large", "x".repeat(4 * 1024 * 1024))],
  ])("has none of them on %s: no call reached the interceptors", async (_case, status, call) => {
    const { headers, status: answered } = await call();
    expect(answered).toBe(status);
    for (const name of ["expires", "grpcgateway-cache-control", "grpcgateway-pragma"]) expect(headers[name]).toBeUndefined();
  });

  it("sets WWW-Authenticate to the status message on every 401", async () => {
    const missing = await request(mock.app).get(`${API}/metadata/plan`);
    expect(missing.status).toBe(401);
    expect(missing.headers["www-authenticate"]).toBe("auth header missing");
    const invalid = await as(mock, "no-such-token").getMetadata("plan");
    expect(invalid.headers["www-authenticate"]).toBe("Errors.Token.Invalid (AUTH-7fs1e)");
    expect((await acme.getMetadata("nope")).headers["www-authenticate"]).toBeUndefined();
  });
});

describe("Grpc-Metadata-* headers, forwarded by the gateway as call metadata", () => {
  it("select the org with Grpc-Metadata-X-Zitadel-Orgid", async () => {
    const res = await request(mock.app)
      .get(`${API}/orgs/me`)
      .set("Authorization", `Bearer ${TOKEN.iamOwner}`)
      .set("Grpc-Metadata-X-Zitadel-Orgid", ORG.globex);
    expect(expectOk<{ org: { id: string } }>(res).org.id).toBe(ORG.globex);
  });
});

describe("a NUL in a key, which PostgreSQL cannot store", () => {
  it("fails the write as ZITADEL's event push fails: 500, code 2, the driver's message", async () => {
    const expected = { status: 500, code: 2 };
    for (const res of [await acme.set("a\u0000b", "x"), await acme.bulkSet({ ok: "x", "a\u0000b": "y" })]) {
      expect(res.status).toBe(expected.status);
      expect(res.body).toEqual({
        code: 2,
        message: "ERROR: unsupported Unicode escape sequence (SQLSTATE 22P05) ()",
        details: [{ "@type": "type.googleapis.com/zitadel.v1.ErrorDetail", message: "ERROR: unsupported Unicode escape sequence (SQLSTATE 22P05)" }],
      });
    }
    // All or nothing: the valid entry of the bulk is not stored either.
    expectZitadelError(await acme.getMetadata("ok"), { status: 404, code: 5, message: "Metadata not found", id: "QUERY-Rph32" });
  });

  it("fails GET /metadata/%00 and a search for it as the queries fail: 500, code 13", async () => {
    expectZitadelError(await acme.get("/metadata/%00"), { status: 500, code: 13, message: "An internal error occurred", id: "QUERY-Hajt2" });
    expectZitadelError(await acme.search({ queries: [{ keyQuery: { key: "\u0000", method: "TEXT_QUERY_METHOD_CONTAINS" } }] }), {
      status: 500,
      code: 13,
      message: "An internal error occurred",
      id: "QUERY-Ho2wf",
    });
  });

  it("is no stored key for the removes: 404 as for any missing key", async () => {
    expectZitadelError(await acme.remove("\u0000"), { status: 404, code: 5, message: "Metadata not found", id: "META-mcnw3" });
  });

  it("is not the empty last segment: GET /metadata/ is still key \"\", refused by PGV", async () => {
    expectZitadelError(await acme.get("/metadata/"), {
      status: 400,
      code: 3,
      message: "invalid GetOrgMetadataRequest.Key: value length must be between 1 and 200 runes, inclusive",
    });
  });
});

describe("details that follow ZITADEL's read models", () => {
  it("ListOrgMetadata's viewTimestamp is the time of the request, not of the last write", async () => {
    time.set("2025-03-01T12:00:00Z");
    expectOk(await acme.set("theme", "dark"));
    const later = time.set("2025-03-02T08:30:00Z");
    const list = expectOk<{ details: { viewTimestamp: string } }>(await acme.search({}));
    expect(list.details.viewTimestamp).toMatch(RFC3339_UTC);
    expect(list.details.viewTimestamp).toBe(later);
  });
});
