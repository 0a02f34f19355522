/**
 * User metadata over REST (Management API v1, `/management/v1/users/{id}/metadata/...`): what only
 * REST or only the mock shows. The behaviour every transport shares (writes, unchanged values, the
 * user's error ids, permissions, the org scope) is asserted once, in
 * contract-tests/cases/user-metadata.contract.test.ts, over REST and gRPC. Here: the JSON bodies
 * (no `id`, the empty list's body), the exact dates of the mock's clock, the fixture's users and roles
 * (ORG_PROJECT_CREATOR, the IAM owner with x-zitadel-orgid), `_bulk` as a key on GET, the PGV texts of
 * the user requests, and reset.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import {
  API,
  ORG,
  TOKEN,
  USER,
  as,
  b64,
  detailsOf,
  expectOk,
  expectZitadelError,
  keysOf,
  metadataOf,
  mockPerFile,
  text,
  type Caller,
} from "./support.js";

const { mock, time } = await mockPerFile();

/** The user-metadata routes of one user, for a caller. */
const userMetadata = (caller: Caller, userId: string) => {
  const base = `/users/${encodeURIComponent(userId)}/metadata`;
  return {
    set: (key: string, value: string) => caller.post(`${base}/${encodeURIComponent(key)}`, { value: b64(value) }),
    get: (key: string) => caller.get(`${base}/${encodeURIComponent(key)}`),
    remove: (key: string) => caller.delete(`${base}/${encodeURIComponent(key)}`),
    bulkSet: (entries: Record<string, string>) =>
      caller.post(`${base}/_bulk`, { metadata: Object.entries(entries).map(([key, value]) => ({ key, value: b64(value) })) }),
    bulkRemove: (keys: string[]) => caller.delete(`${base}/_bulk`, { keys }),
    search: (body: unknown = {}) => caller.post(`${base}/_search`, body),
  };
};

const alice = as(mock, TOKEN.acmeOwner);
const aliceOwn = userMetadata(alice, USER.acmeOwner);

const USER_NOT_FOUND = { status: 400, code: 9, message: "User could not be found", id: "COMMAND-uXHNj" };
const GET_NOT_FOUND = { status: 404, code: 5, message: "Metadata not found", id: "QUERY-Rgh32" };

describe("SetUserMetadata: POST /users/{id}/metadata/{key}", () => {
  it("sets a key on the caller's own user: details with sequence, creationDate and the user's org, no id", async () => {
    const at = time.set("2025-03-04T05:06:07Z");
    const res = await aliceOwn.set("theme", "dark");
    expect(Object.keys(expectOk(res))).toEqual(["details"]);
    expect(detailsOf(res)).toEqual({ sequence: expect.stringMatching(/^[1-9][0-9]*$/), creationDate: at, resourceOwner: ORG.acme });
    expect(metadataOf(await aliceOwn.get("theme"))).toEqual({
      key: "theme",
      value: b64("dark"),
      details: { sequence: detailsOf(res).sequence, creationDate: at, changeDate: at, resourceOwner: ORG.acme },
    });
  });

  it("sets a key on another user of the org (ORG_OWNER has user.write)", async () => {
    expectOk(await userMetadata(alice, USER.acmeViewer).set("department", "sales"));
    const victor = userMetadata(as(mock, TOKEN.acmeViewer), USER.acmeViewer);
    expect(text(metadataOf(await victor.get("department")).value)).toBe("sales");
  });

  it("keeps user metadata apart from org metadata with the same key", async () => {
    expectOk(await aliceOwn.set("plan", "personal"));
    expect(text(metadataOf(await alice.getMetadata("plan")).value)).toBe("enterprise");
    expect(text(metadataOf(await aliceOwn.get("plan")).value)).toBe("personal");
  });

  it("reaches a user of another org with x-zitadel-orgid and a token allowed there", async () => {
    const iamInGlobex = userMetadata(as(mock, TOKEN.iamOwner, ORG.globex), USER.globexOwner);
    const details = detailsOf(await iamInGlobex.set("badge", "B-7"));
    expect(details.resourceOwner).toBe(ORG.globex);
    expect(text(metadataOf(await userMetadata(as(mock, TOKEN.globexOwner), USER.globexOwner).get("badge")).value)).toBe("B-7");
    // Without the header the IAM owner's org context is the ZITADEL org, where gary is not.
    expectZitadelError(await userMetadata(as(mock, TOKEN.iamOwner), USER.globexOwner).set("badge", "B-8"), USER_NOT_FOUND);
  });
});

describe("permissions: user.write to write, user.read to read, in the org context", () => {
  it("refuses a membership without user.read or user.write (ORG_PROJECT_CREATOR), even on the own user", async () => {
    const pat = userMetadata(as(mock, TOKEN.acmeProjectCreator), USER.acmeProjectCreator);
    const denied = { status: 403, code: 7, message: "No matching permissions found", id: "AUTH-5mWD2" };
    expectZitadelError(await pat.get("locale"), denied);
    expectZitadelError(await pat.set("locale", "it-CH"), denied);
  });

});

describe("GetUserMetadata: GET /users/{id}/metadata/{key}", () => {
  it("reads a fixture key", async () => {
    const got = metadataOf(await aliceOwn.get("locale"));
    expect({ key: got.key, value: text(got.value), resourceOwner: got.details.resourceOwner }).toEqual({
      key: "locale",
      value: "de-CH",
      resourceOwner: ORG.acme,
    });
  });

  it("matches keys case-sensitively: 404 QUERY-Rgh32 for a key that differs in case", async () => {
    expectZitadelError(await aliceOwn.get("Locale"), GET_NOT_FOUND);
  });

  it("reads `_bulk` as a key on GET (the gateway has no GET route for _bulk)", async () => {
    expectZitadelError(await aliceOwn.get("_bulk"), GET_NOT_FOUND);
  });
});

describe("ListUserMetadata: POST /users/{id}/metadata/_search", () => {
  it("lists the user's keys with filters and paging, as org metadata lists", async () => {
    expectOk(await aliceOwn.bulkSet({ "ui.theme": "dark", "ui.density": "compact" }));
    expect(keysOf(await aliceOwn.search())).toEqual(["locale", "onboarding.completed", "ui.density", "ui.theme"]);
    const page = expectOk<{ details: { totalResult?: string } }>(
      await aliceOwn.search({ query: { offset: "1", limit: 1 }, queries: [{ keyQuery: { key: "ui.", method: "TEXT_QUERY_METHOD_STARTS_WITH" } }] }),
    );
    expect(page.details.totalResult).toBe("2");
    expect(keysOf(await aliceOwn.search({ queries: [{ keyQuery: { key: "ui.", method: "TEXT_QUERY_METHOD_STARTS_WITH" } }] }))).toEqual([
      "ui.density",
      "ui.theme",
    ]);
  });

  it("answers 200 with no hits for a user of another org or an unknown user (no error)", async () => {
    for (const userId of [USER.globexOwner, "404404404"]) {
      const body = expectOk(await userMetadata(alice, userId).search());
      expect(body).toEqual({ details: { viewTimestamp: expect.any(String) } });
    }
  });

});

describe("request validation (protoc-gen-validate texts of the user requests)", () => {
  const pgv = (message: string) => ({ status: 400, code: 3, message });

  it("names the user request and field", async () => {
    expectZitadelError(
      await aliceOwn.set("k".repeat(201), "v"),
      pgv("invalid SetUserMetadataRequest.Key: value length must be between 1 and 200 runes, inclusive"),
    );
    expectZitadelError(
      await alice.post(`/users/${USER.acmeOwner}/metadata/k`, { value: "" }),
      pgv("invalid SetUserMetadataRequest.Value: value length must be between 1 and 500000 bytes, inclusive"),
    );
    expectZitadelError(
      await userMetadata(alice, "u".repeat(201)).get("k"),
      pgv("invalid GetUserMetadataRequest.Id: value length must be between 1 and 200 runes, inclusive"),
    );
  });

  it("names nested entries with their index", async () => {
    expectZitadelError(
      await alice.post(`/users/${USER.acmeOwner}/metadata/_bulk`, { metadata: [{ key: "ok", value: b64("v") }, { key: "", value: b64("v") }] }),
      pgv(
        "invalid BulkSetUserMetadataRequest.Metadata[1]: embedded message failed validation | caused by: " +
          "invalid BulkSetUserMetadataRequest_Metadata.Key: value length must be between 1 and 200 runes, inclusive",
      ),
    );
    expectZitadelError(
      await aliceOwn.bulkRemove(["locale", ""]),
      pgv("invalid BulkRemoveUserMetadataRequest.Keys[1]: value length must be between 1 and 200 runes, inclusive"),
    );
  });
});

describe("the user must be in the org context (x-zitadel-orgid or the token user's org)", () => {
  it("answers every write on an unknown user or a user of another org with 400 COMMAND-uXHNj, and changes nothing", async () => {
    for (const userId of ["404404404", USER.globexOwner]) {
      const other = userMetadata(alice, userId);
      expectZitadelError(await other.bulkSet({ k: "v" }), USER_NOT_FOUND);
      expectZitadelError(await other.remove("employee.number"), USER_NOT_FOUND);
      expectZitadelError(await other.bulkRemove(["employee.number"]), USER_NOT_FOUND);
    }
    const gary = userMetadata(as(mock, TOKEN.globexOwner), USER.globexOwner);
    expect(keysOf(await gary.search())).toEqual(["employee.number"]);
  });

  it("checks x-zitadel-orgid before the user: an org that does not exist is 403 AUTH-Bs7Ds", async () => {
    const nowhere = userMetadata(as(mock, TOKEN.iamOwner, "999999999999999999"), USER.acmeOwner);
    expectZitadelError(await nowhere.get("locale"), { status: 403, code: 7, message: "Organisation doesn't exist", id: "AUTH-Bs7Ds" });
  });

  it("scopes the IAM owner to the org it names: alice is reachable in ACME, not in Globex", async () => {
    expect(text(metadataOf(await userMetadata(as(mock, TOKEN.iamOwner, ORG.acme), USER.acmeOwner).get("locale")).value)).toBe("de-CH");
    const inGlobex = userMetadata(as(mock, TOKEN.iamOwner, ORG.globex), USER.acmeOwner);
    expectZitadelError(await inGlobex.get("locale"), GET_NOT_FOUND);
    expectZitadelError(await inGlobex.remove("locale"), USER_NOT_FOUND);
    expect(expectOk(await inGlobex.search())).toEqual({ details: { viewTimestamp: expect.any(String) } });
  });
});

describe("an empty user id in the path (/users//metadata/...)", () => {
  // gorilla/mux cleans `//` before grpc-gateway routes: 301 to /users/metadata/..., which no
  // Management route matches (reference zitadel-org-metadata.md §11.2). No RPC runs.
  const cases: Array<[string, "get" | "post" | "delete", string, object | undefined]> = [
    ["SetUserMetadata", "post", "/users//metadata/theme", { value: b64("dark") }],
    ["BulkSetUserMetadata", "post", "/users//metadata/_bulk", { metadata: [{ key: "theme", value: b64("dark") }] }],
    ["ListUserMetadata", "post", "/users//metadata/_search", {}],
    ["GetUserMetadata", "get", "/users//metadata/locale", undefined],
    ["RemoveUserMetadata", "delete", "/users//metadata/locale", undefined],
    ["BulkRemoveUserMetadata", "delete", "/users//metadata/_bulk", { keys: ["locale"] }],
  ];

  it.each(cases)("%s: 301 to the cleaned path, before authentication", async (_rpc, method, path, body) => {
    const res = await request(mock.app)[method](`${API}${path}?x=1`).send(body);
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe(`${API}${path.replace("//", "/")}?x=1`);
  });

  it.each(cases)("%s: a client that follows the redirect gets 404 code 5 Not Found, and nothing changes", async (_rpc, method, path, body) => {
    // fetch follows a 301 with GET for POST and with the same method otherwise.
    const followed = method === "post" ? "get" : method;
    const res = await alice[followed](path.replace("//", "/"), followed === "get" ? undefined : body);
    expectZitadelError(res, { status: 404, code: 5, message: "Not Found" });
    expect(keysOf(await aliceOwn.search())).toEqual(["locale", "onboarding.completed"]);
  });
});

describe("reset", () => {
  it("restores the fixture's user metadata", async () => {
    expectOk(await aliceOwn.remove("locale"));
    expectOk(await aliceOwn.set("extra", "1"));
    expectOk(await request(mock.app).post("/__mock/reset"));
    expect(keysOf(await aliceOwn.search())).toEqual(["locale", "onboarding.completed"]);
  });
});
