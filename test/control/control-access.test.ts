/**
 * The control plane is not reachable from other sites: no CORS headers, a foreign (or `null`)
 * Origin gets 403 even on a simple POST, a Host that is neither loopback nor the bound host gets 403
 * (DNS rebinding), and `--control-token` requires the bearer token. The ZITADEL API keeps its CORS.
 */
import http from "node:http";
import { describe, expect, it } from "vitest";
import { createMockServer } from "../../src/index.js";
import { TOKEN, mockPerFile } from "../grpc/support.js";

const { mock, url } = await mockPerFile();
const { port } = new URL(url);

/** A raw HTTP/1.1 request, so that Host and Origin are exactly what the test says. */
const send = (options: { method?: string; path: string; headers?: Record<string, string>; body?: string; port?: string }) =>
  new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: options.port ?? port, method: options.method ?? "GET", path: options.path, headers: options.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(options.body);
  });

const corsHeadersOf = (headers: http.IncomingHttpHeaders) => Object.keys(headers).filter((name) => name.startsWith("access-control-"));

describe("a page of another origin", () => {
  it("cannot reset the mock with a simple cross-site POST (text/plain, no preflight): 403 JSON, no CORS, nothing reset", async () => {
    mock.control.addFault({ match: { rpc: "GetMyOrg" }, delayMs: 1 });
    const res = await send({
      method: "POST",
      path: "/__mock/reset",
      headers: { host: `localhost:${port}`, origin: "http://evil.example", "content-type": "text/plain" },
      body: "x",
    });
    expect(res.status).toBe(403);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(res.body)).toEqual({ code: 7, message: expect.stringContaining("not available to pages of other origins") });
    expect(corsHeadersOf(res.headers)).toEqual([]);
    expect(mock.control.faultRules()).toHaveLength(1);
  });

  it.each(["null", "http://localhost:1", `http://127.0.0.1:${Number(port) + 1}`, `https://localhost:${port}`])("is refused with Origin %s", async (origin) => {
    const res = await send({ path: "/__mock/state", headers: { host: `localhost:${port}`, origin } });
    expect(res.status).toBe(403);
    expect(corsHeadersOf(res.headers)).toEqual([]);
  });

  it("gets no answer to a preflight either", async () => {
    const res = await send({
      method: "OPTIONS",
      path: "/__mock/faults",
      headers: { host: `localhost:${port}`, origin: "http://evil.example", "access-control-request-method": "POST" },
    });
    expect(res.status).toBe(403);
    expect(corsHeadersOf(res.headers)).toEqual([]);
  });

  it("still gets ZITADEL's CORS on the ZITADEL API", async () => {
    const res = await send({
      path: "/management/v1/orgs/me",
      headers: { host: `localhost:${port}`, origin: "http://app.example", authorization: `Bearer ${TOKEN.acmeOwner}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe("http://app.example");
  });
});

describe("the mock's own origin", () => {
  it.each([`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`])("may use the control API through Host %s", async (host) => {
    const origin = `http://${host}`;
    const res = await send({ path: "/__mock/faults", headers: { host, origin } });
    expect(res.status).toBe(200);
    expect(corsHeadersOf(res.headers)).toEqual([]);
  });

  it("and so may a client that sends no Origin (a test runner, curl)", async () => {
    expect((await send({ path: "/__mock/faults", headers: { host: `127.0.0.1:${port}` } })).status).toBe(200);
  });
});

describe("DNS rebinding", () => {
  it("a Host that is not loopback nor the bound host gets 403, even from its own origin", async () => {
    const res = await send({ method: "POST", path: "/__mock/reset", headers: { host: `attacker.example:${port}`, origin: `http://attacker.example:${port}` } });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).message).toMatch(/loopback host or the bound --host, not "attacker.example:\d+"/);
  });

  it("does not concern the ZITADEL API", async () => {
    const res = await send({ path: "/management/v1/orgs/me", headers: { host: `attacker.example:${port}`, authorization: `Bearer ${TOKEN.acmeOwner}` } });
    expect(res.status).toBe(200);
  });
});

describe("--control-token", () => {
  it("requires Authorization: Bearer <token> on /__mock/*, then allows any Host", async () => {
    const guarded = await createMockServer({ port: 0, host: "127.0.0.1", controlToken: "s3cret" });
    const { port: guardedPort } = await guarded.start();
    try {
      const at = String(guardedPort);
      const without = await send({ port: at, path: "/__mock/state", headers: { host: `127.0.0.1:${at}` } });
      expect(without.status).toBe(401);
      expect(JSON.parse(without.body)).toEqual({ code: 16, message: expect.stringContaining("Authorization: Bearer") });
      expect((await send({ port: at, path: "/__mock/state", headers: { host: `127.0.0.1:${at}`, authorization: "Bearer wrong" } })).status).toBe(401);
      const withToken = await send({ port: at, path: "/__mock/state", headers: { host: `mock.internal:${at}`, authorization: "Bearer s3cret" } });
      expect(withToken.status).toBe(200);
      // A foreign origin is refused even with the token.
      const foreign = await send({ port: at, path: "/__mock/state", headers: { host: `127.0.0.1:${at}`, authorization: "Bearer s3cret", origin: "http://evil.example" } });
      expect(foreign.status).toBe(403);
    } finally {
      await guarded.stop();
    }
  }, 30_000);
});
