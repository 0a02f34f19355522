/**
 * Shared bits of the REST integration tests: the fixture's orgs and tokens, an authorized request
 * builder, base64 helpers, a hand-driven clock and the assertion for ZITADEL's error bodies.
 */
import request from "supertest";
import { expect, beforeEach } from "vitest";
import { createMockServer, type Fixture, type MockServer } from "../../src/index.js";

export const API = "/management/v1";

import { ERROR_DETAIL_TYPE, ORG, TOKEN, USER } from "../default-fixture.js";

export { ERROR_DETAIL_TYPE, ORG, TOKEN, USER };

/** Standard padded base64 of a UTF-8 text or of bytes, as ZITADEL expects `value`. */
export const b64 = (value: string | Uint8Array): string => Buffer.from(value).toString("base64");

/** The UTF-8 text a base64 `value` holds. */
export const text = (value: string): string => Buffer.from(value, "base64").toString("utf8");

/** A clock the test moves by hand, so that every timestamp in a response is known. */
export const manualClock = (start = "2025-01-01T00:00:00Z") => {
  let now = new Date(start);
  return {
    clock: () => new Date(now.getTime()),
    /** Events pushed from now on carry `iso`; returns it as protojson writes it (no `.000`). */
    set(iso: string): string {
      now = new Date(iso);
      return now.toISOString().replace(/\.000Z$/, "Z");
    },
  };
};

/** A mock over the default fixture (or `fixtures`) whose clock the test drives. */
export const startMock = async (fixtures?: Fixture) => {
  const time = manualClock();
  const mock = await createMockServer({ clock: time.clock, ...(fixtures ? { fixtures } : {}) });
  return { mock, time };
};

/** One mock for a test file (top-level await), back at the fixture state and clock before each test. */
export const mockPerFile = async (fixtures?: Fixture) => {
  const started = await startMock(fixtures);
  beforeEach(() => {
    started.time.set("2025-01-01T00:00:00Z");
    started.mock.reset();
  });
  return started;
};

export interface Caller {
  /** Any request under `/management/v1`, with this caller's headers. */
  get(path: string): request.Test;
  post(path: string, body?: unknown): request.Test;
  delete(path: string, body?: unknown): request.Test;
  /** SetOrgMetadata: `POST /metadata/{key}` with `{ value: b64(text) }`. */
  set(key: string, value: string): request.Test;
  /** GetOrgMetadata: `GET /metadata/{key}`. */
  getMetadata(key: string): request.Test;
  /** RemoveOrgMetadata: `DELETE /metadata/{key}`. */
  remove(key: string): request.Test;
  /** BulkSetOrgMetadata: `POST /metadata/_bulk` with `{ metadata: [{ key, value: b64(text) }] }`. */
  bulkSet(entries: Record<string, string> | Array<[string, string]>): request.Test;
  /** BulkRemoveOrgMetadata: `DELETE /metadata/_bulk` with `{ keys }`. */
  bulkRemove(keys: string[]): request.Test;
  /** ListOrgMetadata: `POST /metadata/_search` with the body as given. */
  search(body?: unknown): request.Test;
  /** GetMyOrg: `GET /orgs/me`. */
  myOrg(): request.Test;
}

export const metadataPath = (key: string): string => `/metadata/${encodeURIComponent(key)}`;

/**
 * Requests as the holder of `token` (`Authorization: Bearer <token>`), in the org `orgId` when
 * given (`x-zitadel-orgid`), else in the token user's org.
 */
export const as = (mock: MockServer, token: string, orgId?: string): Caller => {
  const authorize = (test: request.Test): request.Test => {
    test.set("Authorization", `Bearer ${token}`);
    return orgId === undefined ? test : test.set("x-zitadel-orgid", orgId);
  };
  const withBody = (test: request.Test, body: unknown) => (body === undefined ? test : test.send(body as object));
  const caller: Caller = {
    get: (path) => authorize(request(mock.app).get(API + path)),
    post: (path, body) => withBody(authorize(request(mock.app).post(API + path)), body),
    delete: (path, body) => withBody(authorize(request(mock.app).delete(API + path)), body),
    set: (key, value) => caller.post(metadataPath(key), { value: b64(value) }),
    getMetadata: (key) => caller.get(metadataPath(key)),
    remove: (key) => caller.delete(metadataPath(key)),
    bulkSet: (entries) =>
      caller.post("/metadata/_bulk", {
        metadata: (Array.isArray(entries) ? entries : Object.entries(entries)).map(([key, value]) => ({ key, value: b64(value) })),
      }),
    bulkRemove: (keys) => caller.delete("/metadata/_bulk", { keys }),
    search: (body = {}) => caller.post("/metadata/_search", body),
    myOrg: () => caller.get("/orgs/me"),
  };
  return caller;
};

/** The keys of a successful ListOrgMetadata response, in the order returned. */
export const keysOf = (res: request.Response): string[] => (expectOk<ListJson>(res).result ?? []).map((item) => item.key);

/**
 * Asserts ZITADEL's error body as grpc-gateway renders it. With an `id`:
 * `{ code, message: "<message> (<id>)", details: [{ "@type": ErrorDetail, id, message }] }`;
 * without: exactly `{ code, message }`, no `details` key.
 */
export const expectZitadelError = (
  res: request.Response,
  expected: { status: number; code: number; message: string | RegExp; id?: string },
): void => {
  expect(res.status, JSON.stringify(res.body)).toBe(expected.status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  const body = res.body as Record<string, unknown>;
  if (expected.id !== undefined) {
    expect(body).toStrictEqual({
      code: expected.code,
      message: `${String(expected.message)} (${expected.id})`,
      details: [{ "@type": ERROR_DETAIL_TYPE, id: expected.id, message: expected.message }],
    });
  } else {
    expect(Object.keys(body).sort()).toEqual(["code", "message"]);
    expect(body.code).toBe(expected.code);
    if (typeof expected.message === "string") expect(body.message).toBe(expected.message);
    else expect(body.message).toMatch(expected.message);
  }
};

/** A 200 with a JSON body; returns the body. */
export const expectOk = <T = Record<string, unknown>>(res: request.Response): T => {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  return res.body as T;
};

export interface DetailsJson {
  sequence?: string;
  creationDate?: string;
  changeDate?: string;
  resourceOwner?: string;
}

export interface MetadataJson {
  details: DetailsJson;
  key: string;
  value: string;
}

export interface ListJson {
  details: { totalResult?: string; processedSequence?: string; viewTimestamp?: string };
  result?: MetadataJson[];
}

/** The `metadata` of a successful GetOrgMetadata response. */
export const metadataOf = (res: request.Response): MetadataJson => expectOk<{ metadata: MetadataJson }>(res).metadata;

/** The `details` of a successful Set/BulkSet/Remove/BulkRemove response. */
export const detailsOf = (res: request.Response): DetailsJson => expectOk<{ details: DetailsJson }>(res).details;

/** RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits, as protojson writes timestamps. */
export const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(?:\d{3}|\d{6}|\d{9}))?Z$/;
