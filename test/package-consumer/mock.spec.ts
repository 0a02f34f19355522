/**
 * A consumer's tests against the installed package: the mock in-process (supertest on the REST app,
 * a real port for every protocol), a generated fixture, and a graceful stop.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockServer, steppingClock, type FaultRuleInput, type Fixture, type JournalEntry, type MockServer } from "zitadel-mock";
import { b64 } from "zitadel-mock/contract";
import { generateFixture } from "zitadel-mock/fixtures";

const OWNER = { Authorization: "Bearer acme-owner-token" };

describe("the default fixture in-process", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await createMockServer({ port: 0, clock: steppingClock(new Date("2026-01-01T00:00:00Z")) });
  });
  afterAll(() => mock.stop());

  it("sets and reads org metadata over REST through supertest", async () => {
    const set = await request(mock.app).post("/management/v1/metadata/plan").set(OWNER).send({ value: Buffer.from("team").toString("base64") });
    expect(set.status).toBe(200);
    const read = await request(mock.app).get("/management/v1/metadata/plan").set(OWNER);
    expect(read.status).toBe(200);
    expect(Buffer.from((read.body as { metadata: { value: string } }).metadata.value, "base64").toString()).toBe("team");
  });

  it("seeds state through the control plane and finds the call in its journal", async () => {
    const acme = mock.fixture.users.find((user) => user.tokens.includes("acme-owner-token"))!.orgId;
    const state = mock.control.getState();
    mock.control.setState({ ...state, metadata: [...state.metadata, { orgId: acme, key: "seeded", value: b64("yes") }] });
    const read = await request(mock.app).get("/management/v1/metadata/seeded").set(OWNER);
    expect(read.status).toBe(200);
    const [entry] = mock.control.requests({ rpc: "GetOrgMetadata" }).slice(-1);
    expect(entry).toMatchObject({ transport: "rest", rpc: "GetOrgMetadata", orgId: acme, httpStatus: 200 });
  });

  it("makes one call fail through a typed fault rule and finds it in the journal", async () => {
    const unavailable: FaultRuleInput = { match: { rpc: "GetOrgMetadata" }, error: { code: 14, message: "upstream down" }, times: 1 };
    mock.control.addFault(unavailable);
    const failed = await request(mock.app).get("/management/v1/metadata/seeded").set(OWNER);
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ code: 14, message: "upstream down" });
    const last: JournalEntry | undefined = mock.control.requests({ rpc: "GetOrgMetadata" }).at(-1);
    expect(last).toMatchObject({ grpcCode: 14, httpStatus: 503 });
    expect((await request(mock.app).get("/management/v1/metadata/seeded").set(OWNER)).status).toBe(200);
  });

  it("answers ZITADEL's error shape for a missing key", async () => {
    const res = await request(mock.app).get("/management/v1/metadata/never-set").set(OWNER);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 5 });
  });

  it("listens on a free port for every protocol and stops twice without harm", async () => {
    const { url, port } = await mock.start();
    expect(port).toBeGreaterThan(0);
    expect(await (await fetch(`${url}/debug/healthz`)).text()).toBe("ok");
    await Promise.all([mock.stop(), mock.stop()]);
    await expect(fetch(`${url}/debug/healthz`)).rejects.toThrow();
  });

  it("restores the fixture on reset", async () => {
    await request(mock.app).post("/management/v1/metadata/scratch").set(OWNER).send({ value: "eA==" });
    mock.reset();
    expect((await request(mock.app).get("/management/v1/metadata/scratch").set(OWNER)).status).toBe(404);
  });
});

describe("a generated fixture", () => {
  const fixture: Fixture = generateFixture({ seed: 7, orgs: 2, keys: 3 });

  it("seeds the mock with its orgs, users and tokens", async () => {
    const mock = await createMockServer({ fixtures: fixture });
    const user = fixture.users.find((u) => u.memberships.some((m) => !m.instance && m.roles.includes("ORG_OWNER")));
    const token = user?.tokens[0];
    expect(token).toBeDefined();
    const res = await request(mock.app)
      .post("/management/v1/metadata/_search")
      .set({ Authorization: `Bearer ${token ?? ""}` })
      .send({});
    expect(res.status).toBe(200);
    expect((res.body as { result?: unknown[] }).result).toHaveLength(3);
  });
});
