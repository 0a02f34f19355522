/**
 * The v2 services over REST, as ZITADEL's gateway serves them: `/v2beta/organizations/{id}/metadata`
 * and `/v2/users/{id}/metadata`, sharing their data with the v1 Management API.
 */
import { describe, expect, it } from "vitest";
import { ORG, TOKEN, USER, b64, mockPerFile, rest } from "./support.js";

const { url, time } = await mockPerFile();
const ERROR_DETAIL = "type.googleapis.com/zitadel.v1.ErrorDetail";

const orgMetadata = (orgId: string) => `/v2beta/organizations/${orgId}/metadata`;
const userMetadata = (userId: string) => `/v2/users/${userId}/metadata`;

describe("Organization service v2beta over REST", () => {
  it("sets, lists and deletes an org's metadata, answering the event dates", async () => {
    time.set("2025-02-01T10:00:00.000Z");
    const set = await rest(url, "POST", orgMetadata(ORG.acme), {
      token: TOKEN.acmeOwner,
      body: { metadata: [{ key: "v2.plan", value: b64("gold") }] },
    });
    expect(set).toEqual({ status: 200, body: { setDate: "2025-02-01T10:00:00Z" } });

    const list = await rest(url, "POST", `${orgMetadata(ORG.acme)}/search`, {
      token: TOKEN.acmeOwner,
      body: { pagination: { limit: 10 }, filter: [{ keyQuery: { key: "v2.", method: "TEXT_QUERY_METHOD_STARTS_WITH" } }] },
    });
    expect(list).toEqual({
      status: 200,
      body: {
        pagination: { totalResult: "1", appliedLimit: "10" },
        metadata: [{ creationDate: "2025-02-01T10:00:00Z", changeDate: "2025-02-01T10:00:00Z", key: "v2.plan", value: b64("gold") }],
      },
    });

    time.set("2025-02-01T11:00:00.000Z");
    const deleted = await rest(url, "DELETE", `${orgMetadata(ORG.acme)}?keys=v2.plan`, { token: TOKEN.acmeOwner });
    expect(deleted).toEqual({ status: 200, body: { deletionDate: "2025-02-01T11:00:00Z" } });
  });

  it("shares the data with v1: a key set through v2beta is read through /management/v1", async () => {
    await rest(url, "POST", orgMetadata(ORG.acme), { token: TOKEN.acmeOwner, body: { metadata: [{ key: "shared", value: b64("x") }] } });
    const v1 = await rest(url, "GET", "/management/v1/metadata/shared", { token: TOKEN.acmeOwner });
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ metadata: { key: "shared", value: b64("x"), details: { resourceOwner: ORG.acme } } });
  });

  it("omits appliedLimit without a limit (ZITADEL echoes the request's), and lists an unknown org as empty", async () => {
    const list = await rest(url, "POST", `${orgMetadata(ORG.acme)}/search`, { token: TOKEN.acmeOwner, body: {} });
    expect(list.body.pagination).not.toHaveProperty("appliedLimit");
    expect(await rest(url, "POST", `${orgMetadata("123")}/search`, { token: TOKEN.acmeOwner, body: {} })).toEqual({
      status: 200,
      body: { pagination: {} },
    });
  });

  it("takes the keys to delete from the query: several keys, all or none", async () => {
    await rest(url, "POST", orgMetadata(ORG.acme), {
      token: TOKEN.acmeOwner,
      body: { metadata: [{ key: "a", value: b64("1") }, { key: "b", value: b64("2") }] },
    });
    const missing = await rest(url, "DELETE", `${orgMetadata(ORG.acme)}?keys=a&keys=zzz`, { token: TOKEN.acmeOwner });
    expect(missing).toEqual({
      status: 404,
      body: {
        code: 5,
        message: "One or more keys do not exist (META-2npds)",
        details: [{ "@type": ERROR_DETAIL, id: "META-2npds", message: "One or more keys do not exist" }],
      },
    });
    expect((await rest(url, "DELETE", `${orgMetadata(ORG.acme)}?keys=a&keys=b`, { token: TOKEN.acmeOwner })).status).toBe(200);
  });

  it("answers ZITADEL's errors in the v1 gateway shape", async () => {
    expect(await rest(url, "DELETE", orgMetadata(ORG.acme), { token: TOKEN.acmeOwner })).toEqual({
      status: 400,
      body: {
        code: 9,
        message: "Metadata list is empty (META-9mw2d)",
        details: [{ "@type": ERROR_DETAIL, id: "META-9mw2d", message: "Metadata list is empty" }],
      },
    });
    const unknownOrg = await rest(url, "POST", orgMetadata("123"), { token: TOKEN.acmeOwner, body: { metadata: [{ key: "k", value: b64("v") }] } });
    expect(unknownOrg).toMatchObject({ status: 400, body: { code: 9, message: "Organisation not found (COMMAND-QXPGs)" } });
    const tooMany = await rest(url, "POST", `${orgMetadata(ORG.acme)}/search`, { token: TOKEN.acmeOwner, body: { pagination: { limit: 1001 } } });
    expect(tooMany).toMatchObject({ status: 400, body: { code: 3, message: "Limit exceeded (QUERY-4M0fs)" } });
    const pgv = await rest(url, "POST", orgMetadata(ORG.acme), { token: TOKEN.acmeOwner, body: { metadata: [{ key: "", value: b64("v") }] } });
    expect(pgv).toEqual({
      status: 400,
      body: {
        code: 3,
        message:
          "invalid SetOrganizationMetadataRequest.Metadata[0]: embedded message failed validation | caused by: invalid Metadata.Key: value length must be between 1 and 200 runes, inclusive",
      },
    });
  });

  it("checks org.write in the context org, not in the org of the request (ZITADEL's v2beta quirk)", async () => {
    // Globex's owner writes ACME's metadata: the permission is checked in the caller's own org.
    const crossOrg = await rest(url, "POST", orgMetadata(ORG.acme), { token: TOKEN.globexOwner, body: { metadata: [{ key: "k", value: b64("v") }] } });
    expect(crossOrg.status).toBe(200);
    const viewer = await rest(url, "POST", orgMetadata(ORG.acme), { token: TOKEN.acmeViewer, body: { metadata: [{ key: "k", value: b64("v") }] } });
    expect(viewer).toMatchObject({ status: 403, body: { code: 7, message: "No matching permissions found (AUTH-5mWD2)" } });
    const noToken = await rest(url, "POST", orgMetadata(ORG.acme), { body: { metadata: [] } });
    expect(noToken).toEqual({ status: 401, body: { code: 16, message: "auth header missing" } });
  });

  it("routes only ZITADEL's paths and methods", async () => {
    expect(await rest(url, "GET", "/v2/users/123", { token: TOKEN.acmeOwner })).toEqual({ status: 404, body: { code: 5, message: "Not Found" } });
    expect(await rest(url, "PUT", orgMetadata(ORG.acme), { token: TOKEN.acmeOwner })).toEqual({
      status: 405,
      body: { code: 12, message: "Method Not Allowed" },
    });
  });
});

describe("User service v2 over REST", () => {
  it("sets, lists (newest first) and deletes a user's metadata", async () => {
    time.set("2025-03-01T00:00:01.000Z");
    await rest(url, "POST", userMetadata(USER.acmeOwner), { token: TOKEN.acmeOwner, body: { metadata: [{ key: "first", value: b64("1") }] } });
    time.set("2025-03-01T00:00:02.000Z");
    const set = await rest(url, "POST", userMetadata(USER.acmeOwner), { token: TOKEN.acmeOwner, body: { metadata: [{ key: "second", value: b64("2") }] } });
    expect(set).toEqual({ status: 200, body: { setDate: "2025-03-01T00:00:02Z" } });

    const list = await rest(url, "POST", `${userMetadata(USER.acmeOwner)}/search`, {
      token: TOKEN.acmeOwner,
      body: { filters: [{ keyFilter: { key: "s", method: "TEXT_FILTER_METHOD_STARTS_WITH" } }, { keyFilter: { key: "nd", method: "TEXT_FILTER_METHOD_ENDS_WITH" } }] },
    });
    expect(list.body).toEqual({
      pagination: { totalResult: "1", appliedLimit: "100" },
      metadata: [{ creationDate: "2025-03-01T00:00:02Z", changeDate: "2025-03-01T00:00:02Z", key: "second", value: b64("2") }],
    });
    const all = await rest(url, "POST", `${userMetadata(USER.acmeOwner)}/search`, { token: TOKEN.acmeOwner, body: {} });
    expect((all.body.metadata as Array<{ key: string }>).map((m) => m.key)).toEqual(["second", "first", "onboarding.completed", "locale"]);

    const deleted = await rest(url, "DELETE", `${userMetadata(USER.acmeOwner)}?keys=first&keys=second`, { token: TOKEN.acmeOwner });
    expect(deleted.status).toBe(200);
    const v1 = await rest(url, "GET", `/management/v1/users/${USER.acmeOwner}/metadata/first`, { token: TOKEN.acmeOwner });
    expect(v1.status).toBe(404);
  });

  it("reads the fixture's user metadata, shared with v1", async () => {
    const list = await rest(url, "POST", `${userMetadata(USER.globexOwner)}/search`, { token: TOKEN.globexOwner, body: {} });
    expect(list.body).toMatchObject({ metadata: [{ key: "employee.number", value: b64("G-0042") }] });
  });

  it("checks user.write in the target user's org: 404 without membership there, 403 without the permission", async () => {
    const body = { metadata: [{ key: "k", value: b64("v") }] };
    expect(await rest(url, "POST", userMetadata(USER.globexOwner), { token: TOKEN.acmeOwner, body })).toEqual({
      status: 404,
      body: {
        code: 5,
        message: "membership not found (AUTHZ-cdgFk)",
        details: [{ "@type": ERROR_DETAIL, id: "AUTHZ-cdgFk", message: "membership not found" }],
      },
    });
    // The header names an org where alice is owner; the check still runs in Globex, gary's org.
    expect((await rest(url, "POST", userMetadata(USER.globexOwner), { token: TOKEN.acmeOwner, orgId: ORG.acme, body })).status).toBe(404);
    expect(await rest(url, "POST", userMetadata(USER.acmeViewer), { token: TOKEN.acmeViewer, body })).toMatchObject({
      status: 403,
      body: { code: 7, message: "No matching permissions found (AUTH-AWfge)" },
    });
    expect((await rest(url, "POST", userMetadata(USER.globexOwner), { token: TOKEN.iamOwner, body })).status).toBe(200);
  });

  it("tells a missing user (400) before the permission, and an empty list before the user", async () => {
    expect(await rest(url, "POST", userMetadata("nobody"), { token: TOKEN.acmeViewer, body: { metadata: [{ key: "k", value: b64("v") }] } })).toMatchObject({
      status: 400,
      body: { code: 9, message: "User could not be found (COMMAND-uXHNj)" },
    });
    expect(await rest(url, "DELETE", userMetadata("nobody"), { token: TOKEN.acmeViewer })).toMatchObject({
      status: 400,
      body: { code: 9, message: "Metadata list is empty (META-9mm2d)" },
    });
    expect(await rest(url, "DELETE", `${userMetadata(USER.acmeOwner)}?keys=missing`, { token: TOKEN.acmeOwner })).toMatchObject({
      status: 404,
      body: { code: 5, message: "One or more keys do not exist (META-2nnds)" },
    });
  });

  it("lists another org's user as empty but counted when the caller may not read there", async () => {
    const list = await rest(url, "POST", `${userMetadata(USER.globexOwner)}/search`, { token: TOKEN.acmeOwner, body: {} });
    expect(list).toEqual({ status: 200, body: { pagination: { totalResult: "1", appliedLimit: "100" } } });
    const noRead = await rest(url, "POST", `${userMetadata(USER.acmeProjectCreator)}/search`, { token: TOKEN.acmeProjectCreator, body: {} });
    expect(noRead).toMatchObject({ status: 403, body: { code: 7, message: "No matching permissions found (AUTH-5mWD2)" } });
  });
});

describe("one store: the control API sees and clears what the v2 services write", () => {
  it("exports v2 writes in GET /__mock/state and removes them with POST /__mock/reset", async () => {
    await rest(url, "POST", orgMetadata(ORG.acme), { token: TOKEN.acmeOwner, body: { metadata: [{ key: "v2.org", value: b64("o") }] } });
    await rest(url, "POST", userMetadata(USER.acmeOwner), { token: TOKEN.acmeOwner, body: { metadata: [{ key: "v2.user", value: b64("u") }] } });
    const state = await rest(url, "GET", "/__mock/state");
    expect(state.body.metadata).toContainEqual(expect.objectContaining({ orgId: ORG.acme, key: "v2.org", value: b64("o") }));
    expect(state.body.userMetadata).toContainEqual(expect.objectContaining({ userId: USER.acmeOwner, key: "v2.user", value: b64("u") }));

    expect((await rest(url, "POST", "/__mock/reset")).status).toBe(200);
    const orgList = await rest(url, "POST", `${orgMetadata(ORG.acme)}/search`, { token: TOKEN.acmeOwner, body: { filter: [{ keyQuery: { key: "v2.org" } }] } });
    const userList = await rest(url, "POST", `${userMetadata(USER.acmeOwner)}/search`, { token: TOKEN.acmeOwner, body: { filters: [{ keyFilter: { key: "v2.user" } }] } });
    expect([orgList.body.metadata, userList.body.metadata]).toEqual([undefined, undefined]);
  });
});
