/**
 * User metadata through the control plane, as an e2e test drives it: seeded and exported with
 * `PUT/GET /__mock/state`, shown by `GET /__mock/orgs` (the inspector's view), journalled, failed on
 * purpose by fault rules that name the user RPC and the user, and kept by `--state-file`.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Status } from "nice-grpc";
import { describe, expect, it } from "vitest";
import { createMockServer, type Fixture } from "../../src/index.js";
import { ORG, TOKEN, USER, bytes, controlCall, expectGrpcError, grpcFailure, mockPerFile, rest, zitadelNodeClient } from "../grpc/support.js";

const { url } = await mockPerFile();
const control = (method: string, path: string, body?: unknown, base = url) => controlCall(base, method, path, body);
const b64 = (text: string) => Buffer.from(text).toString("base64");
const asAlice = { token: TOKEN.acmeOwner };
/** REST calls on a user's metadata, as alice (ORG_OWNER of ACME). */
const userMetadata = (userId: string, base = url) => ({
  set: (key: string, value: string) => rest(base, "POST", `/users/${userId}/metadata/${key}`, { ...asAlice, body: { value: b64(value) } }),
  get: (key: string) => rest(base, "GET", `/users/${userId}/metadata/${key}`, asAlice),
  remove: (key: string) => rest(base, "DELETE", `/users/${userId}/metadata/${key}`, asAlice),
  keys: async () => ((await rest(base, "POST", `/users/${userId}/metadata/_search`, { ...asAlice, body: {} })).body.result as { key: string }[] | undefined)?.map((r) => r.key) ?? [],
});
const alice = userMetadata(USER.acmeOwner);

describe("state: GET and PUT /__mock/state", () => {
  it("exports written user metadata in the fixture's userMetadata", async () => {
    expect((await alice.set("theme", "dark")).status).toBe(200);
    const state = (await control("GET", "/state")).body as unknown as Fixture;
    expect(state.userMetadata).toContainEqual({ userId: USER.acmeOwner, key: "theme", value: b64("dark") });
    expect(state.userMetadata).toContainEqual({ userId: USER.globexOwner, key: "employee.number", value: b64("G-0042") });
  });

  it("replaces user metadata with the rest of the state, and refuses an entry of an unknown user", async () => {
    const state = (await control("GET", "/state")).body as unknown as Fixture;
    const replaced = { ...state, userMetadata: [{ userId: USER.acmeOwner, key: "seeded", value: b64("yes") }] };
    expect((await control("PUT", "/state", replaced)).status).toBe(200);
    expect(await alice.keys()).toEqual(["seeded"]);

    const refused = await control("PUT", "/state", { ...state, userMetadata: [{ userId: "404", key: "k", value: b64("v") }] });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/userMetadata\[0\]\.userId: user "404" is not defined in "users"/);
    expect(await alice.keys()).toEqual(["seeded"]);
  });
});

describe("GET /__mock/orgs (the inspector's view)", () => {
  it("lists each org's users with their sequence and metadata rows", async () => {
    expect((await alice.set("theme", "dark")).status).toBe(200);
    const { orgs } = (await control("GET", "/orgs")).body as { orgs: Array<{ id: string; users: Array<{ id: string; userName: string; sequence: number; metadata: Array<{ key: string; value: string }> }> }> };
    const acme = orgs.find((org) => org.id === ORG.acme)!;
    const aliceView = acme.users.find((user) => user.id === USER.acmeOwner)!;
    expect(aliceView).toMatchObject({ userName: "alice@acme.localhost", sequence: expect.any(Number) });
    expect(aliceView.metadata.map(({ key, value }) => ({ key, value }))).toEqual([
      { key: "locale", value: b64("de-CH") },
      { key: "onboarding.completed", value: b64("true") },
      { key: "theme", value: b64("dark") },
    ]);
    expect(acme.users.map((user) => user.id)).not.toContain(USER.globexOwner);
  });
});

describe("the request journal", () => {
  it("records user-metadata calls with the RPC, the org context and the request's user id", async () => {
    await alice.set("theme", "dark");
    await userMetadata(USER.globexOwner).set("theme", "dark");
    const { requests } = (await control("GET", "/requests?rpc=SetUserMetadata")).body as { requests: Record<string, unknown>[] };
    expect(requests).toEqual([
      expect.objectContaining({ transport: "rest", orgId: ORG.acme, userId: USER.acmeOwner, httpStatus: 200, request: { id: USER.acmeOwner, key: "theme", value: b64("dark") } }),
      expect.objectContaining({ orgId: ORG.acme, httpStatus: 400, errorId: "COMMAND-uXHNj", request: { id: USER.globexOwner, key: "theme", value: b64("dark") } }),
    ]);
  });
});

describe("fault rules on user metadata", () => {
  it("match.rpc names a user RPC and match.userId the user whose metadata the call names", async () => {
    const rule = { match: { rpc: "SetUserMetadata", userId: USER.acmeOwner }, error: { id: "COMMAND-uXHNj" } };
    expect((await control("POST", "/faults", rule)).status).toBe(201);

    expect(await alice.set("theme", "dark")).toMatchObject({ status: 400, body: { message: "User could not be found (COMMAND-uXHNj)" } });
    const overGrpc = await grpcFailure((o) => zitadelNodeClient(url, TOKEN.acmeOwner).setUserMetadata({ id: USER.acmeOwner, key: "theme", value: bytes("dark") }, o));
    expectGrpcError(overGrpc, { code: Status.FAILED_PRECONDITION, message: "User could not be found", id: "COMMAND-uXHNj" });
    expect(await alice.keys()).toEqual(["locale", "onboarding.completed"]);
    // Another user, another RPC: not matched.
    expect((await userMetadata(USER.acmeViewer).set("theme", "dark")).status).toBe(200);
    expect((await alice.get("locale")).status).toBe(200);
  });

  it("match.rpc names a v2 RPC with its service, as the journal writes it; the v1 RPC of the same name is not matched", async () => {
    const rule = { match: { rpc: "zitadel.user.v2.UserService/SetUserMetadata" }, error: { id: "COMMAND-uXHNj" }, times: 1 };
    expect((await control("POST", "/faults", rule)).status).toBe(201);
    expect((await alice.set("theme", "dark")).status).toBe(200);
    const v2Set = await fetch(`${url}/v2/users/${USER.acmeOwner}/metadata`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN.acmeOwner}`, "content-type": "application/json" },
      body: JSON.stringify({ metadata: [{ key: "theme", value: b64("light") }] }),
    });
    expect(v2Set.status).toBe(400);
    expect(((await v2Set.json()) as { message: string }).message).toBe("User could not be found (COMMAND-uXHNj)");
    expect((await alice.get("theme")).body.metadata).toMatchObject({ value: b64("dark") });
  });

  it("a rule with userId never matches org metadata calls", async () => {
    expect((await control("POST", "/faults", { match: { userId: USER.acmeOwner }, drop: true })).status).toBe(201);
    expect((await rest(url, "GET", "/metadata/plan", asAlice)).status).toBe(200);
  });
});

describe("--state-file", () => {
  it("keeps acknowledged user-metadata writes and removals for the next start", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "zitadel-mock-")), "state.jsonl");
    const first = await createMockServer({ port: 0, stateFile });
    const { url: firstUrl } = await first.start();
    expect((await userMetadata(USER.acmeOwner, firstUrl).set("theme", "dark")).status).toBe(200);
    expect((await userMetadata(USER.acmeOwner, firstUrl).remove("locale")).status).toBe(200);
    // Each change is a record of its own, on disk before the response.
    expect(readFileSync(stateFile, "utf8").trim().split("\n").slice(1).map((line) => JSON.parse(line) as unknown)).toEqual([
      { userId: USER.acmeOwner, key: "theme", value: b64("dark") },
      { userId: USER.acmeOwner, key: "locale", value: null },
    ]);
    await first.stop();

    const second = await createMockServer({ port: 0, stateFile });
    const { url: secondUrl } = await second.start();
    try {
      expect(await userMetadata(USER.acmeOwner, secondUrl).keys()).toEqual(["onboarding.completed", "theme"]);
    } finally {
      await second.stop();
    }
  });

  it("keeps writes made through the v2 services, on the org and the user they name", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "zitadel-mock-")), "state.jsonl");
    const mock = await createMockServer({ port: 0, stateFile });
    const { url: base } = await mock.start();
    const v2 = (method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${TOKEN.acmeOwner}`, "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    try {
      expect((await v2("POST", `/v2beta/organizations/${ORG.acme}/metadata`, { metadata: [{ key: "v2.org", value: b64("o") }] })).status).toBe(200);
      expect((await v2("POST", `/v2/users/${USER.acmeOwner}/metadata`, { metadata: [{ key: "v2.user", value: b64("u") }] })).status).toBe(200);
      expect((await v2("DELETE", `/v2/users/${USER.acmeOwner}/metadata?keys=v2.user`)).status).toBe(200);
      expect(readFileSync(stateFile, "utf8").trim().split("\n").slice(1).map((line) => JSON.parse(line) as unknown)).toEqual([
        { orgId: ORG.acme, key: "v2.org", value: b64("o") },
        { userId: USER.acmeOwner, key: "v2.user", value: b64("u") },
        { userId: USER.acmeOwner, key: "v2.user", value: null },
      ]);
    } finally {
      await mock.stop();
    }
  });
});
