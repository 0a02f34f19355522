/**
 * Seeding and inspecting the mock from a test: `PUT/GET /__mock/state`, `POST /__mock/reset` and the
 * request journal `GET/DELETE /__mock/requests`, over `mock.app` (supertest) and in-process.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { ListOrgMetadataRequestSchema } from "@zitadel/proto/zitadel/management_pb.js";
import type { Fixture } from "../../src/index.js";
import { messageEnvelope, readGrpcWebTrailer } from "../grpc-envelopes.js";
import { ORG, TOKEN, as, b64, expectOk, expectZitadelError, keysOf, metadataOf, mockPerFile, text } from "../rest/support.js";

const { mock } = await mockPerFile();
const acme = as(mock, TOKEN.acmeOwner);
const control = (method: "get" | "put" | "post" | "delete", path: string) => request(mock.app)[method](`/__mock${path}`);

const seed: Fixture = {
  orgs: [{ id: "900", name: "Seeded", primaryDomain: "seeded.localhost" }],
  users: [{ id: "9", orgId: "900", userName: "owner@seeded", tokens: ["seeded-token"], memberships: [{ orgId: "900", roles: ["ORG_OWNER"] }] }],
  metadata: [{ orgId: "900", key: "theme", value: b64("dark") }],
};

describe("GET /__mock/state", () => {
  it("exports the current state in the fixture format, written keys included", async () => {
    expectOk(await acme.set("written", "yes"));
    const res = await control("get", "/state");
    expect(res.status).toBe(200);
    const state = res.body as Fixture;
    expect(state.orgs.map((o) => o.id)).toEqual([ORG.zitadel, ORG.acme, ORG.globex]);
    expect(state.users.length).toBeGreaterThan(0);
    expect(state.metadata).toContainEqual({ orgId: ORG.acme, key: "written", value: b64("yes") });
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("is a state PUT /__mock/state takes back unchanged", async () => {
    expectOk(await acme.set("round", "trip"));
    const exported = (await control("get", "/state")).body as Fixture;
    mock.reset();
    expect((await control("put", "/state").send(exported)).status).toBe(200);
    expect((await control("get", "/state")).body).toEqual(exported);
  });
});

describe("PUT /__mock/state", () => {
  it("replaces orgs, users, tokens and metadata; the new tokens work at once", async () => {
    const res = await control("put", "/state").send(seed);
    expect(res.status).toBe(200);
    expect(text(metadataOf(await as(mock, "seeded-token").getMetadata("theme")).value)).toBe("dark");
    expectZitadelError(await acme.search(), { status: 401, code: 16, message: "Errors.Token.Invalid", id: "AUTH-7fs1e" });
  });

  it("refuses an invalid state with the fixture loader's path-precise message, and changes nothing", async () => {
    expectOk(await acme.set("kept", "1"));
    const bad = { ...seed, users: [{ ...seed.users[0], memberships: [{ orgId: "901", roles: ["ORG_OWNER"] }] }] };
    const res = await control("put", "/state").send(bad);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 3,
      message: 'Invalid fixture PUT /__mock/state: users[0].memberships[0].orgId: org "901" is not defined in "orgs"',
    });
    expect(keysOf(await acme.search())).toContain("kept");
  });

  it("names an unknown field and a bad base64 value like a fixture file", async () => {
    const typo = await control("put", "/state").send({ ...seed, orgs: [{ ...seed.orgs[0], domain: "x" }] });
    expect(typo.body.message).toMatch(/^Invalid fixture PUT \/__mock\/state: orgs\[0\]\.domain: unknown field/);
    const badValue = await control("put", "/state").send({ ...seed, metadata: [{ orgId: "900", key: "k", value: "not base64!" }] });
    expect(badValue.body.message).toContain("metadata[0].value: not valid base64");
  });

  it("answers 400 for a body that is no JSON", async () => {
    const res = await control("put", "/state").set("content-type", "application/json").send("{ not json");
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/not valid JSON/);
  });

  it("is undone by a reset: reset restores the fixture file, not the PUT state", async () => {
    await control("put", "/state").send(seed);
    expect((await control("post", "/reset")).status).toBe(200);
    expect(keysOf(await acme.search())).toEqual(["plan", "region", "support.tier"]);
  });

  it("is mock.control.setState() in-process, with the same checks", () => {
    mock.control.setState(seed);
    expect(mock.control.getState().orgs).toEqual(seed.orgs);
    expect(() => mock.control.setState({ ...seed, orgs: [] })).toThrow(/users\[0\]\.orgId: org "900" is not defined/);
    expect(mock.control.getState().orgs).toEqual(seed.orgs);
  });
});

describe("GET /__mock/requests", () => {
  it("lists every API call with rpc, org, user, statuses and protojson bodies, oldest first, never the token", async () => {
    mock.control.clearRequests();
    expectOk(await acme.set("theme", "dark"));
    expectZitadelError(await acme.getMetadata("missing"), { status: 404, code: 5, message: "Metadata not found", id: "QUERY-Rph32" });

    const { requests } = (await control("get", "/requests")).body as { requests: Record<string, unknown>[] };
    expect(requests).toHaveLength(2);
    expect(requests[0]).toEqual({
      id: expect.any(String),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      transport: "rest",
      method: "POST",
      path: "/management/v1/metadata/theme",
      rpc: "SetOrgMetadata",
      orgId: ORG.acme,
      userId: expect.any(String),
      httpStatus: 200,
      grpcCode: 0,
      errorId: null,
      durationMs: expect.any(Number),
      request: { key: "theme", value: b64("dark") },
      response: { details: expect.objectContaining({ resourceOwner: ORG.acme }) },
    });
    expect(requests[1]).toMatchObject({
      rpc: "GetOrgMetadata",
      httpStatus: 404,
      grpcCode: 5,
      errorId: "QUERY-Rph32",
      request: { key: "missing" },
      response: { code: 5, message: "Metadata not found (QUERY-Rph32)" },
    });
    expect(JSON.stringify(requests)).not.toContain(TOKEN.acmeOwner);
  });

  it("records calls that reach no RPC, with the gateway's error", async () => {
    mock.control.clearRequests();
    await acme.get("/no/such/route");
    expect(mock.control.requests()).toMatchObject([{ rpc: null, httpStatus: 404, grpcCode: 5, response: { code: 5, message: "Not Found" } }]);
  });

  it("records an answer over 4 MiB as the client got it: over REST 429 ResourceExhausted, over gRPC-web the answer sent", async () => {
    const big = b64(new Uint8Array(500_000).fill(7));
    const state = mock.control.getState();
    mock.control.setState({ ...state, metadata: [...state.metadata, ...[...Array(9).keys()].map((i) => ({ orgId: ORG.acme, key: `big-${i}`, value: big }))] });
    mock.control.clearRequests();
    const v1 = await acme.post("/metadata/_search", {});
    const v2 = await request(mock.app)
      .post(`/v2beta/organizations/${ORG.acme}/metadata/search`)
      .set("Authorization", `Bearer ${TOKEN.acmeOwner}`)
      .send({});
    expect([v1.status, v2.status]).toEqual([429, 429]);
    const message = expect.stringMatching(/^grpc: received message larger than max \(\d+ vs\. 4194304\)$/);
    const entry = { httpStatus: 429, grpcCode: 8, errorId: null, response: { code: 8, message } };
    expect(mock.control.requests()).toMatchObject([
      { rpc: "ListOrgMetadata", ...entry },
      { rpc: "zitadel.org.v2beta.OrganizationService/ListOrganizationMetadata", ...entry },
    ]);

    // gRPC and gRPC-web have no such hop: the answer is sent (a client's own receive limit may refuse it).
    mock.control.clearRequests();
    const web = await request(mock.handler)
      .post("/zitadel.management.v1.ManagementService/ListOrgMetadata")
      .set("content-type", "application/grpc-web+proto")
      .set("authorization", `Bearer ${TOKEN.acmeOwner}`)
      .responseType("blob")
      .send(messageEnvelope(ListOrgMetadataRequestSchema));
    expect((await readGrpcWebTrailer(web.body as Buffer))?.get("grpc-status")).toBe("0");
    expect(mock.control.requests()).toMatchObject([{ transport: "grpc-web", httpStatus: 200, grpcCode: 0, response: { truncated: true } }]);
  });

  it("records the gRPC-web status a client got in the body's trailer frame, for an answer the pipeline never saw", async () => {
    mock.control.clearRequests();
    // A message frame whose bytes are no protobuf: connect-node answers it before the pipeline runs.
    const unparsable = Buffer.from([0, 0, 0, 0, 3, 0xff, 0xff, 0xff]);
    const web = await request(mock.handler)
      .post("/zitadel.management.v1.ManagementService/GetOrgMetadata")
      .set("content-type", "application/grpc-web+proto")
      .set("authorization", `Bearer ${TOKEN.acmeOwner}`)
      .responseType("blob")
      .send(unparsable);
    const sent = (await readGrpcWebTrailer(web.body as Buffer))?.get("grpc-status");
    expect(sent).toBe("13");
    expect(mock.control.requests()).toMatchObject([{ transport: "grpc-web", rpc: "GetOrgMetadata", httpStatus: 200, grpcCode: Number(sent) }]);
  });

  it("does not record control calls, probes or preflights", async () => {
    mock.control.clearRequests();
    await control("get", "/state");
    await request(mock.app).get("/debug/healthz");
    await request(mock.app).options("/management/v1/orgs/me").set("Origin", "http://app.localhost").set("Access-Control-Request-Method", "GET");
    expect((await control("get", "/requests")).body).toEqual({ requests: [] });
  });

  it("filters by rpc, status, since and limit", async () => {
    mock.control.clearRequests();
    expectOk(await acme.set("a", "1"));
    expectOk(await acme.set("b", "2"));
    await acme.getMetadata("missing");
    const all = mock.control.requests();
    const ids = (res: request.Response) => (res.body as { requests: { id: string }[] }).requests.map((r) => r.id);

    expect(ids(await control("get", "/requests?rpc=SetOrgMetadata"))).toEqual([all[0]!.id, all[1]!.id]);
    expect(ids(await control("get", "/requests?status=404"))).toEqual([all[2]!.id]);
    expect(ids(await control("get", "/requests?status=2xx"))).toEqual([all[0]!.id, all[1]!.id]);
    expect(ids(await control("get", `/requests?since=${all[0]!.id}`))).toEqual([all[1]!.id, all[2]!.id]);
    expect(ids(await control("get", "/requests?limit=1"))).toEqual([all[2]!.id]);
    expect((await control("get", "/requests?limit=zero")).status).toBe(400);
  });

  it("DELETE empties it", async () => {
    expectOk(await acme.set("a", "1"));
    expect((await control("delete", "/requests")).status).toBe(200);
    expect(mock.control.requests()).toEqual([]);
  });

  it("caps large bodies", async () => {
    mock.control.clearRequests();
    expectOk(await acme.set("big", "x".repeat(40_000)));
    expect(mock.control.requests()[0]!.request).toEqual({ truncated: true, bytes: expect.any(Number) });
  });
});

describe("the journal is a ring buffer", () => {
  it("keeps the last journalSize calls", { timeout: 30_000 }, async () => {
    const { createMockServer } = await import("../../src/index.js");
    const small = await createMockServer({ journalSize: 2 });
    for (const key of ["a", "b", "c"]) expectOk(await as(small, TOKEN.acmeOwner).set(key, "v"));
    expect(small.control.requests().map((r) => (r.request as { key: string }).key)).toEqual(["b", "c"]);
  });
});

describe("GET /__mock/openapi.yaml", () => {
  it("serves the control API's own OpenAPI document", async () => {
    const res = await control("get", "/openapi.yaml");
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^openapi: 3\.0\.3/);
    expect(res.text).toContain("/faults/{id}:");
  });

  it("answers 404 in JSON for an unknown control path", async () => {
    const res = await control("get", "/nothing");
    expect(res.status).toBe(404);
    expect(res.body.code).toBe(5);
  });
});
