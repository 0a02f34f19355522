/**
 * Stopping without losing calls, and start/stop as a test suite's hooks call them: twice, or at the
 * same time. A throwing `onRequest` callback is logged and the server goes on.
 */
import http2 from "node:http2";
import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMockServer, type MockServer } from "../../src/index.js";
import { TOKEN } from "../default-fixture.js";

// Creating a mock compiles the spec's validators: seconds on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

const PLAN = "/management/v1/metadata/plan";
const auth = { authorization: `Bearer ${TOKEN.acmeOwner}` };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const mocks: MockServer[] = [];
const newMock = async (options: Parameters<typeof createMockServer>[0] = {}) => {
  const mock = await createMockServer({ port: 0, ...options });
  mocks.push(mock);
  return mock;
};
afterEach(async () => {
  for (const mock of mocks.splice(0)) await mock.stop();
  vi.restoreAllMocks();
});

describe("stop({ graceMs })", () => {
  it("answers the calls waiting for their delay, refuses new connections, then closes", async () => {
    const mock = await newMock({ delay: { minMs: 2_000, maxMs: 2_000 } });
    const { url } = await mock.start();
    const pending = Array.from({ length: 5 }, () => fetch(`${url}${PLAN}`, { headers: auth }).then((res) => res.status));
    // Let the calls arrive: what is still in the accept queue at the stop is refused, not in flight.
    await sleep(1_000);

    const stopped = mock.stop({ graceMs: 5_000 });
    await sleep(50);
    await expect(fetch(`${url}/debug/healthz`)).rejects.toThrow();

    expect(await Promise.all(pending)).toEqual([200, 200, 200, 200, 200]);
    await stopped;
  });

  it("answers a call sent before the stop that the busy process had not read yet", async () => {
    const mock = await newMock({ delay: { minMs: 300, maxMs: 300 } });
    const { port } = await mock.start();
    const socket = await new Promise<net.Socket>((resolve) => {
      const connected = net.connect(port, "127.0.0.1", () => resolve(connected));
    });
    const answer = new Promise<string>((resolve) => {
      let text = "";
      socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
      socket.on("close", () => resolve(text));
    });
    socket.write(`GET ${PLAN} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${auth.authorization}\r\nConnection: close\r\n\r\n`);
    // The process is busy (as while it loads its transports) when the request arrives and the stop comes.
    for (const until = Date.now() + 100; Date.now() < until; );
    await mock.stop({ graceMs: 5_000 });
    expect(await answer).toMatch(/^HTTP\/1\.1 200 /);
  });

  it("answers a native gRPC call held by a fault rule (HTTP/2 stream API) before it closes", async () => {
    const mock = await newMock();
    const { url } = await mock.start();
    mock.control.addFault({ match: { rpc: "GetMyOrg" }, delayMs: 500 });
    const session = http2.connect(url);
    session.on("error", () => undefined);
    const stream = session.request({
      ":method": "POST",
      ":path": "/zitadel.management.v1.ManagementService/GetMyOrg",
      "content-type": "application/grpc",
      te: "trailers",
      ...auth,
    });
    stream.resume();
    const status = new Promise<unknown>((resolve) => {
      stream.on("trailers", (trailers) => resolve(trailers["grpc-status"]));
      stream.on("close", () => resolve("closed without trailers"));
    });
    stream.end(Buffer.alloc(5)); // an empty GetMyOrgRequest
    await sleep(200);
    const started = Date.now();
    await mock.stop({ graceMs: 5_000 });
    expect(await status).toBe("0");
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it("closes the connections of calls that outlast the grace period", async () => {
    const mock = await newMock({ delay: { minMs: 5_000, maxMs: 5_000 } });
    const { url } = await mock.start();
    const pending = fetch(`${url}${PLAN}`, { headers: auth });
    const refused = expect(pending).rejects.toThrow();
    await sleep(1_000);
    const started = Date.now();
    await mock.stop({ graceMs: 300 });
    expect(Date.now() - started).toBeLessThan(2_000);
    await refused;
  });
});

describe("start() and stop() called more than once", () => {
  it("gives concurrent start() calls one server, and stop() stops it", async () => {
    const mock = await newMock();
    const [a, b] = await Promise.all([mock.start(), mock.start()]);
    expect(b.url).toBe(a.url);
    expect((await fetch(`${a.url}/debug/healthz`)).status).toBe(200);
    await Promise.all([mock.stop(), mock.stop()]);
    await expect(fetch(`${a.url}/debug/healthz`)).rejects.toThrow();
  });

  it("stops a start() still under way, and starts again afterwards", async () => {
    const mock = await newMock();
    const starting = mock.start();
    await mock.stop();
    const { url } = await starting;
    await expect(fetch(`${url}/debug/healthz`)).rejects.toThrow();
    const again = await mock.start();
    expect((await fetch(`${again.url}/debug/healthz`)).status).toBe(200);
  });

  it("resolves stop() of a mock that never started", async () => {
    const mock = await newMock();
    await expect(mock.stop()).resolves.toBeUndefined();
  });
});

describe("an onRequest callback that throws", () => {
  it("is logged and the server keeps answering", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const mock = await newMock({
      onRequest: () => {
        throw new Error("boom in a user callback");
      },
    });
    const { url } = await mock.start();
    expect((await fetch(`${url}${PLAN}`, { headers: auth })).status).toBe(200);
    await sleep(50);
    expect((await fetch(`${url}${PLAN}`, { headers: auth })).status).toBe(200);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("onRequest"), expect.objectContaining({ message: "boom in a user callback" }));
  });
});
