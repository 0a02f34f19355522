import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Instance } from "../core/instance.js";
import { loadFixtureFile } from "../fixtures/load-fixture.js";
import { toInstanceSeed } from "../fixtures/to-instance-seed.js";
import { DEFAULT_FIXTURES, DEFAULT_SPEC } from "./mock-server.js";
import { loadTransports, warmUpWhileSeeding } from "./transport-loader.js";

/** The mock's transports behind a gate: they load only when the test opens it. */
const gatedTransports = () => {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const instance = new Instance(toInstanceSeed(loadFixtureFile(DEFAULT_FIXTURES)));
  const loading = loadTransports({ instance, specPath: DEFAULT_SPEC, boundHost: () => "127.0.0.1" }, () => gate.then(() => import("./transports.js")));
  return { loading, open };
};

const servers: http.Server[] = [];
afterEach(() => Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve)))));
const serve = async (handler: http.RequestListener): Promise<string> => {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** Status, headers (but the date) and body of a response. */
const answerOf = async (res: Response) => ({
  status: res.status,
  headers: Object.fromEntries([...res.headers].filter(([name]) => name !== "date" && name !== "keep-alive" && name !== "connection")),
  body: await res.text(),
});

describe("loadTransports (decision 027)", () => {
  it("answers the liveness probe before the transports are in, exactly as they answer it", async () => {
    const { loading, open } = gatedTransports();
    const url = await serve(loading.handler as http.RequestListener);
    const probe = () => fetch(`${url}/debug/healthz`, { headers: { origin: "http://localhost:3000" } }).then(answerOf);

    const early = await probe();
    expect(loading.loaded()).toBeUndefined();
    expect(early).toMatchObject({ status: 200, body: "ok", headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
    expect(early.headers["access-control-allow-origin"]).toBe("http://localhost:3000");

    open();
    await loading.ready;
    expect(await probe()).toEqual(early);
  });

  it("holds every other request (readiness, the API, mock controls) until the transports are in, then answers it as usual", async () => {
    const { loading, open } = gatedTransports();
    const url = await serve(loading.handler as http.RequestListener);
    const answered: string[] = [];
    const call = (path: string, init?: RequestInit) =>
      fetch(`${url}${path}`, init).then(async (res) => (answered.push(path), { status: res.status, body: (await res.json()) as Record<string, never> }));
    const pending = [
      call("/debug/ready"),
      call("/management/v1/orgs/me", { headers: { authorization: "Bearer acme-owner-token" } }),
      call("/__mock/state"),
    ];
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answered).toEqual([]);

    open();
    const [ready, me, state] = (await Promise.all(pending)) as [Awaited<(typeof pending)[0]>, { status: number; body: { org: { name: string } } }, { status: number; body: { orgs: unknown[] } }];
    expect(ready).toEqual({ status: 200, body: "ok" });
    expect(me.status).toBe(200);
    expect(me.body.org.name).toBe("ACME");
    expect(state.status).toBe(200);
    expect(state.body.orgs.length).toBeGreaterThan(0);
  });

  it("answers the liveness probe while the fixture still loads, and the API once it is in (decision 036)", async () => {
    let seeded!: (instance: Instance) => void;
    const instance = new Promise<Instance>((resolve) => (seeded = resolve));
    const loading = loadTransports({ instance, specPath: DEFAULT_SPEC, boundHost: () => "127.0.0.1" });
    const url = await serve(loading.handler as http.RequestListener);
    const me = fetch(`${url}/management/v1/orgs/me`, { headers: { authorization: "Bearer acme-owner-token" } });
    expect((await fetch(`${url}/debug/healthz`)).status).toBe(200);
    await import("./transports.js"); // in: only the instance is missing
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(loading.loaded()).toBeUndefined();

    seeded(new Instance(toInstanceSeed(loadFixtureFile(DEFAULT_FIXTURES))));
    const answer = await me;
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { org: { name: string } }).org.name).toBe("ACME");
  });

  it("serves mock.app's requests once the transports are in", async () => {
    const { loading, open } = gatedTransports();
    const url = await serve(loading.app);
    const pending = fetch(`${url}/debug/ready`);
    open();
    expect((await pending).status).toBe(200);
  });
});

describe("openapi-backend loaded ahead while a large fixture loads (decision 039)", () => {
  const seededInstance = () => new Instance(toInstanceSeed(loadFixtureFile(DEFAULT_FIXTURES)));

  it("is loaded once the transports' modules are in and the instance is still being built", async () => {
    const warmUp = vi.fn(async () => undefined);
    await warmUpWhileSeeding(Promise.resolve(), new Promise<Instance>(() => undefined), warmUp);
    expect(warmUp).toHaveBeenCalledTimes(1);
  });

  it("is not loaded ahead when the instance is in first (a small fixture), nor when the instance failed", async () => {
    const warmUp = vi.fn(async () => undefined);
    const modules = new Promise((resolve) => setImmediate(resolve));
    await warmUpWhileSeeding(modules, seededInstance(), warmUp);
    await warmUpWhileSeeding(modules, Promise.reject(new Error("bad fixture")), warmUp);
    expect(warmUp).not.toHaveBeenCalled();
  });

  it("never rejects: the first REST call loads it again and says why", async () => {
    await expect(warmUpWhileSeeding(Promise.resolve(), new Promise<Instance>(() => undefined), () => Promise.reject(new Error("no")))).resolves.toBeUndefined();
    await expect(warmUpWhileSeeding(Promise.reject(new Error("no transports")), new Promise<Instance>(() => undefined))).resolves.toBeUndefined();
  });
});

describe("when the transports' modules are imported (decision 043)", () => {
  const options = () => ({ instance: new Instance(toInstanceSeed(loadFixtureFile(DEFAULT_FIXTURES))), specPath: DEFAULT_SPEC, boundHost: () => "127.0.0.1" });

  it("at once by default", () => {
    const load = vi.fn(() => import("./transports.js"));
    loadTransports(options(), load);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("once `importWhen` settles, and not before", async () => {
    let up!: () => void;
    const load = vi.fn(() => import("./transports.js"));
    loadTransports({ ...options(), importWhen: new Promise<void>((resolve) => (up = resolve)) }, load);
    await new Promise((resolve) => setImmediate(resolve));
    expect(load).not.toHaveBeenCalled();
    up();
    await new Promise((resolve) => setImmediate(resolve));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("sooner when `ready` is read or a request needs them, once only", async () => {
    const load = vi.fn(() => import("./transports.js"));
    const loading = loadTransports({ ...options(), importWhen: new Promise(() => undefined) }, load);
    const url = await serve(loading.handler);
    expect((await fetch(`${url}/debug/ready`)).status).toBe(200);
    await loading.ready;
    expect(load).toHaveBeenCalledTimes(1);
  });
});
