/**
 * Authentication and the org context, as ZITADEL's auth interceptor decides them
 * (reference §5, §10.1-2): three kinds of 401, then the org (header or the token user's org),
 * then membership and permission.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import {
  API,
  ORG,
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

describe("authentication (three different 401 bodies)", () => {
  it("answers a request without Authorization header with 'auth header missing' and no details", async () => {
    const res = await request(mock.app).get(`${API}/metadata/plan`);
    expectZitadelError(res, { status: 401, code: 16, message: "auth header missing" });
  });

  it("treats an empty Authorization header as missing", async () => {
    const res = await request(mock.app).get(`${API}/metadata/plan`).set("Authorization", "");
    expectZitadelError(res, { status: 401, code: 16, message: "auth header missing" });
  });

  it.each([
    ["another scheme", "Basic YWxpY2U6c2VjcmV0"],
    ["a lower-case bearer (the prefix is case-sensitive)", `bearer ${TOKEN.acmeOwner}`],
    ["the token alone", TOKEN.acmeOwner],
    ["two Bearer prefixes", `Bearer ${TOKEN.acmeOwner} Bearer ${TOKEN.acmeOwner}`],
  ])("answers %s with 'invalid auth header (AUTH-toLo1)'", async (_case, header) => {
    const res = await request(mock.app).get(`${API}/metadata/plan`).set("Authorization", header);
    expectZitadelError(res, { status: 401, code: 16, message: "invalid auth header", id: "AUTH-toLo1" });
  });

  it("answers an unknown token with the untranslated 'Errors.Token.Invalid (AUTH-7fs1e)'", async () => {
    const res = await request(mock.app).get(`${API}/metadata/plan`).set("Authorization", "Bearer not-a-token");
    expectZitadelError(res, { status: 401, code: 16, message: "Errors.Token.Invalid", id: "AUTH-7fs1e" });
  });

  it("treats 'Bearer ' with nothing after it as an invalid header (HTTP trims the trailing space)", async () => {
    const res = await request(mock.app).get(`${API}/metadata/plan`).set("Authorization", "Bearer ");
    expectZitadelError(res, { status: 401, code: 16, message: "invalid auth header", id: "AUTH-toLo1" });
  });

  it("authenticates every metadata operation and GetMyOrg", async () => {
    const calls = [
      request(mock.app).post(`${API}/metadata/k`).send({ value: b64("v") }),
      request(mock.app).get(`${API}/metadata/plan`),
      request(mock.app).delete(`${API}/metadata/plan`),
      request(mock.app).post(`${API}/metadata/_bulk`).send({ metadata: [{ key: "k", value: b64("v") }] }),
      request(mock.app).delete(`${API}/metadata/_bulk`).send({ keys: ["plan"] }),
      request(mock.app).post(`${API}/metadata/_search`).send({}),
      request(mock.app).get(`${API}/orgs/me`),
    ];
    for (const res of await Promise.all(calls)) {
      expectZitadelError(res, { status: 401, code: 16, message: "auth header missing" });
    }
    expect(mock.instance.org(ORG.acme)!.aggregate.metadata.has("k")).toBe(false);
  });

  it("authenticates before it validates the request (an empty value from a stranger is a 401)", async () => {
    const res = await request(mock.app).post(`${API}/metadata/k`).set("Authorization", "Bearer nope").send({});
    expectZitadelError(res, { status: 401, code: 16, message: "Errors.Token.Invalid", id: "AUTH-7fs1e" });
  });
});

describe("org context", () => {
  it("defaults to the token user's own org", async () => {
    const acme = metadataOf(await as(mock, TOKEN.acmeOwner).getMetadata("plan"));
    expect(acme.details.resourceOwner).toBe(ORG.acme);
    expect(text(acme.value)).toBe("enterprise");

    const globex = metadataOf(await as(mock, TOKEN.globexOwner).getMetadata("plan"));
    expect(globex.details.resourceOwner).toBe(ORG.globex);
    expect(text(globex.value)).toBe("starter");
  });

  it("takes the org from x-zitadel-orgid (header name case-insensitive)", async () => {
    const res = await request(mock.app)
      .get(`${API}/metadata/plan`)
      .set("Authorization", `Bearer ${TOKEN.iamOwner}`)
      .set("X-Zitadel-OrgID", ORG.globex);
    expect(expectOk(res)).toMatchObject({ metadata: { details: { resourceOwner: ORG.globex } } });
  });

  it("falls back to the user's org when x-zitadel-orgid is empty", async () => {
    const res = await as(mock, TOKEN.acmeOwner, "").getMetadata("plan");
    expect(expectOk(res)).toMatchObject({ metadata: { details: { resourceOwner: ORG.acme } } });
  });

  it("writes into the org of the context and nowhere else", async () => {
    expectOk(await as(mock, TOKEN.iamOwner, ORG.globex).set("written-by-iam", "x"));
    expect(keysOf(await as(mock, TOKEN.globexOwner).search())).toContain("written-by-iam");
    expect(keysOf(await as(mock, TOKEN.acmeOwner).search())).not.toContain("written-by-iam");
    expect(keysOf(await as(mock, TOKEN.iamOwner).search())).not.toContain("written-by-iam");
  });

  it("answers an unknown org with 403 'Organisation doesn't exist (AUTH-Bs7Ds)'", async () => {
    const res = await as(mock, TOKEN.iamOwner, "999999999999999999").getMetadata("plan");
    expectZitadelError(res, { status: 403, code: 7, message: "Organisation doesn't exist", id: "AUTH-Bs7Ds" });
  });

  it("checks the org before the membership (unknown org for a user without any membership there)", async () => {
    const res = await as(mock, TOKEN.globexOwner, "999999999999999999").set("k", "v");
    expectZitadelError(res, { status: 403, code: 7, message: "Organisation doesn't exist", id: "AUTH-Bs7Ds" });
  });
});

describe("membership and permission", () => {
  it("answers a user without membership in the org with 404 'membership not found (AUTHZ-cdgFk)'", async () => {
    const read = await as(mock, TOKEN.globexOwner, ORG.acme).getMetadata("plan");
    expectZitadelError(read, { status: 404, code: 5, message: "membership not found", id: "AUTHZ-cdgFk" });
    const write = await as(mock, TOKEN.globexOwner, ORG.acme).set("plan", "hijacked");
    expectZitadelError(write, { status: 404, code: 5, message: "membership not found", id: "AUTHZ-cdgFk" });
    expect(text(metadataOf(await as(mock, TOKEN.acmeOwner).getMetadata("plan")).value)).toBe("enterprise");
  });

  it("answers a membership without the permission with 403 'No matching permissions found (AUTH-5mWD2)'", async () => {
    const creator = as(mock, TOKEN.acmeProjectCreator);
    for (const res of [await creator.getMetadata("plan"), await creator.search(), await creator.set("k", "v"), await creator.myOrg()]) {
      expectZitadelError(res, { status: 403, code: 7, message: "No matching permissions found", id: "AUTH-5mWD2" });
    }
  });

  it("lets a viewer (org.read) read but not write", async () => {
    const viewer = as(mock, TOKEN.acmeViewer);
    expectOk(await viewer.getMetadata("plan"));
    expect(keysOf(await viewer.search())).toEqual(["plan", "region", "support.tier"]);
    const denied = { status: 403, code: 7, message: "No matching permissions found", id: "AUTH-5mWD2" };
    expectZitadelError(await viewer.set("plan", "free"), denied);
    expectZitadelError(await viewer.remove("plan"), denied);
    expectZitadelError(await viewer.bulkSet({ a: "1" }), denied);
    expectZitadelError(await viewer.bulkRemove(["plan"]), denied);
    expect(text(metadataOf(await viewer.getMetadata("plan")).value)).toBe("enterprise");
  });

  it("checks the permission before the request's own errors (a viewer's remove of a missing key is 403, not 404)", async () => {
    const res = await as(mock, TOKEN.acmeViewer).remove("no-such-key");
    expectZitadelError(res, { status: 403, code: 7, message: "No matching permissions found", id: "AUTH-5mWD2" });
  });

  it("applies instance roles (IAM_OWNER) to every org", async () => {
    for (const org of [ORG.zitadel, ORG.acme, ORG.globex]) {
      const iam = as(mock, TOKEN.iamOwner, org);
      expectOk(await iam.set("instance-wide", org));
      const got = metadataOf(await iam.getMetadata("instance-wide"));
      expect(text(got.value)).toBe(org);
      expect(got.details.resourceOwner).toBe(org);
    }
  });

  it("lets an org owner write their own org", async () => {
    expectOk(await as(mock, TOKEN.acmeOwner).set("k", "v"));
    expectOk(await as(mock, TOKEN.acmeOwner, ORG.acme).remove("k"));
  });
});
