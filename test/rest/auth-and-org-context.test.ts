/**
 * Authentication and the org context over REST, as ZITADEL's auth interceptor decides them
 * (reference §5, §10.1-2): what HTTP headers show (an empty or trimmed Authorization, the header
 * name's case, an empty x-zitadel-orgid), the order of checks the contract does not cover, and the
 * fixture's roles (ORG_PROJECT_CREATOR, IAM_OWNER). The three kinds of 401, unknown orgs, missing
 * memberships and read-only tokens, for every operation, are asserted once, in
 * contract-tests/cases/{auth,org-context}.contract.test.ts, over REST and gRPC.
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
  metadataOf,
  mockPerFile,
  text,
} from "./support.js";

const { mock } = await mockPerFile();

describe("authentication from the Authorization header", () => {
  it("treats an empty Authorization header as missing", async () => {
    const res = await request(mock.app).get(`${API}/metadata/plan`).set("Authorization", "");
    expectZitadelError(res, { status: 401, code: 16, message: "auth header missing" });
  });

  it.each([
    ["the token alone", TOKEN.acmeOwner],
    ["two Bearer prefixes", `Bearer ${TOKEN.acmeOwner} Bearer ${TOKEN.acmeOwner}`],
  ])("answers %s with 'invalid auth header (AUTH-toLo1)'", async (_case, header) => {
    const res = await request(mock.app).get(`${API}/metadata/plan`).set("Authorization", header);
    expectZitadelError(res, { status: 401, code: 16, message: "invalid auth header", id: "AUTH-toLo1" });
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

});

describe("org context", () => {
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

  it("checks the org before the membership (unknown org for a user without any membership there)", async () => {
    const res = await as(mock, TOKEN.globexOwner, "999999999999999999").set("k", "v");
    expectZitadelError(res, { status: 403, code: 7, message: "Organisation doesn't exist", id: "AUTH-Bs7Ds" });
  });
});

describe("membership and permission", () => {
  it("answers a membership without the permission with 403 'No matching permissions found (AUTH-5mWD2)'", async () => {
    const creator = as(mock, TOKEN.acmeProjectCreator);
    for (const res of [await creator.getMetadata("plan"), await creator.search(), await creator.set("k", "v"), await creator.myOrg()]) {
      expectZitadelError(res, { status: 403, code: 7, message: "No matching permissions found", id: "AUTH-5mWD2" });
    }
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

});
