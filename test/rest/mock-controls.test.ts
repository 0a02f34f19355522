/**
 * What the mock offers around the metadata RPCs: GetMyOrg, the health probes, `POST /__mock/reset`
 * and fixture objects.
 */
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type { Fixture, MockServer } from "../../src/index.js";
import {
  ORG,
  RFC3339_UTC,
  TOKEN,
  as,
  detailsOf,
  expectOk,
  expectZitadelError,
  keysOf,
  metadataOf,
  startMock,
  text,
  mockPerFile,
} from "./support.js";

const { mock, time } = await mockPerFile();
const acme = as(mock, TOKEN.acmeOwner);

describe("GetMyOrg: GET /management/v1/orgs/me", () => {
  it("answers the org of the token user: id, details, state, name, primaryDomain", async () => {
    const body = expectOk<{ org: Record<string, unknown> }>(await acme.myOrg());
    expect(Object.keys(body)).toEqual(["org"]);
    expect(body.org).toEqual({
      id: ORG.acme,
      details: {
        sequence: expect.stringMatching(/^[1-9][0-9]*$/),
        creationDate: "2025-01-01T00:00:00Z",
        changeDate: expect.stringMatching(RFC3339_UTC),
        resourceOwner: ORG.acme,
      },
      state: "ORG_STATE_ACTIVE",
      name: "ACME",
      primaryDomain: "acme.localhost",
    });
  });

  it("moves its details with metadata writes: ZITADEL reads the org from all of its events", async () => {
    type Details = { sequence: string; creationDate: string; changeDate: string };
    const before = expectOk<{ org: { details: Details } }>(await acme.myOrg()).org.details;
    const changed = time.set("2025-02-01T00:00:00Z");
    const write = expectOk<{ details: { sequence: string } }>(await acme.set("theme", "dark")).details;
    const after = expectOk<{ org: { details: Details } }>(await acme.myOrg()).org.details;
    expect(after).toMatchObject({ sequence: write.sequence, changeDate: changed, creationDate: before.creationDate });
    expect(BigInt(after.sequence)).toBeGreaterThan(BigInt(before.sequence));
  });

  it("answers the org named by x-zitadel-orgid", async () => {
    const body = expectOk<{ org: { id: string; name: string; primaryDomain: string } }>(await as(mock, TOKEN.iamOwner, ORG.globex).myOrg());
    expect(body.org).toMatchObject({ id: ORG.globex, name: "Globex", primaryDomain: "globex.localhost", state: "ORG_STATE_ACTIVE" });
  });

  it("answers the IAM owner's own org without header", async () => {
    const body = expectOk<{ org: { id: string; name: string } }>(await as(mock, TOKEN.iamOwner).myOrg());
    expect(body.org).toMatchObject({ id: ORG.zitadel, name: "ZITADEL" });
  });

  it("needs org.read: a viewer may, a member without it may not", async () => {
    expect(expectOk<{ org: { id: string } }>(await as(mock, TOKEN.acmeViewer).myOrg()).org.id).toBe(ORG.acme);
    expectZitadelError(await as(mock, TOKEN.acmeProjectCreator).myOrg(), {
      status: 403,
      code: 7,
      message: "No matching permissions found",
      id: "AUTH-5mWD2",
    });
  });

  it("applies the org-context errors", async () => {
    expectZitadelError(await as(mock, TOKEN.globexOwner, ORG.acme).myOrg(), {
      status: 404,
      code: 5,
      message: "membership not found",
      id: "AUTHZ-cdgFk",
    });
    expectZitadelError(await as(mock, TOKEN.iamOwner, "1").myOrg(), { status: 403, code: 7, message: "Organisation doesn't exist", id: "AUTH-Bs7Ds" });
  });
});

describe("health probes", () => {
  it("GET /debug/healthz answers 200 ok as text, without authentication", async () => {
    const res = await request(mock.app).get("/debug/healthz");
    expect(res.status).toBe(200);
    expect(res.text).toBe("ok");
  });

  it("GET /debug/ready answers 200 with the JSON string \"ok\", as ZITADEL marshals it", async () => {
    const res = await request(mock.app).get("/debug/ready");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.text).toBe('"ok"');
  });
});

describe("POST /__mock/reset", () => {
  it("restores the fixture state: written keys disappear, changed and removed fixture keys come back", async () => {
    expectOk(await acme.set("written", "x"));
    expectOk(await acme.set("plan", "changed"));
    expectOk(await acme.remove("region"));
    expectOk(await as(mock, TOKEN.globexOwner).remove("plan"));

    const res = await request(mock.app).post("/__mock/reset");
    expect(res.status).toBe(200);

    expectZitadelError(await acme.getMetadata("written"), { status: 404, code: 5, message: "Metadata not found", id: "QUERY-Rph32" });
    expect(text(metadataOf(await acme.getMetadata("plan")).value)).toBe("enterprise");
    expect(text(metadataOf(await acme.getMetadata("region")).value)).toBe("eu-west-1");
    expect(keysOf(await acme.search())).toEqual(["plan", "region", "support.tier"]);
    expect(text(metadataOf(await as(mock, TOKEN.globexOwner).getMetadata("plan")).value)).toBe("starter");
  });

  it("starts the event streams again: the first write after a reset gets the same sequence as before", async () => {
    const before = detailsOf(await acme.set("k", "v")).sequence;
    expectOk(await acme.set("k", "w"));
    expect((await request(mock.app).post("/__mock/reset")).status).toBe(200);
    expect(detailsOf(await acme.set("k", "v")).sequence).toBe(before);
  });

  it("is the same as mock.reset()", async () => {
    expectOk(await acme.set("written", "x"));
    mock.reset();
    expectZitadelError(await acme.getMetadata("written"), { status: 404, code: 5, message: "Metadata not found", id: "QUERY-Rph32" });
  });
});

describe("a fixture object", () => {
  const fixture: Fixture = {
    orgs: [
      { id: "100", name: "Empty Inc", primaryDomain: "empty.localhost" },
      { id: "200", name: "Seeded Ltd", primaryDomain: "seeded.localhost" },
    ],
    users: [
      { id: "1", orgId: "100", userName: "owner@empty", tokens: ["empty-owner"], memberships: [{ orgId: "100", roles: ["ORG_OWNER"] }] },
      { id: "2", orgId: "200", userName: "owner@seeded", tokens: ["seeded-owner"], memberships: [{ orgId: "200", roles: ["ORG_OWNER"] }] },
    ],
    metadata: [{ orgId: "200", key: "seed", value: "c2VlZA" }],
  };
  let custom: MockServer;
  beforeAll(async () => {
    ({ mock: custom } = await startMock(fixture));
  });

  it("seeds the instance: an org without metadata lists only the view timestamp", async () => {
    expect(expectOk(await as(custom, "empty-owner").search())).toEqual({ details: { viewTimestamp: expect.stringMatching(RFC3339_UTC) } });
    expect(text(metadataOf(await as(custom, "seeded-owner").getMetadata("seed")).value)).toBe("seed");
    expect(expectOk<{ org: { name: string } }>(await as(custom, "empty-owner").myOrg()).org.name).toBe("Empty Inc");
  });

  it("knows only its own tokens", async () => {
    expectZitadelError(await as(custom, TOKEN.acmeOwner).search(), { status: 401, code: 16, message: "Errors.Token.Invalid", id: "AUTH-7fs1e" });
  });

  it("is what a reset restores", async () => {
    expectOk(await as(custom, "empty-owner").set("k", "v"));
    expect((await request(custom.app).post("/__mock/reset")).status).toBe(200);
    expect(keysOf(await as(custom, "empty-owner").search())).toEqual([]);
  });
});
