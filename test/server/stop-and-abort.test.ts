/**
 * Nothing outlives its request or the mock: a call whose client leaves during `--delay` is never
 * handled, `stop()` drops the calls still waiting, and the mock starts again after a stop.
 */
import http from "node:http";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMockServer, type MockServer } from "../../src/index.js";
import { TOKEN } from "../default-fixture.js";

const DELAY_MS = 300;
const PLAN = "/management/v1/metadata/plan";
const auth = { authorization: `Bearer ${TOKEN.acmeOwner}` };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const delayedMock = async (): Promise<MockServer> => {
  const mock = await createMockServer({ port: 0, delay: { minMs: DELAY_MS, maxMs: DELAY_MS } });
  cleanups.push(() => mock.stop());
  return mock;
};

/** Counts the REST requests the express app gets to handle (express calls its own, untyped, `app.handle`). */
const handledByRest = (mock: MockServer) => vi.spyOn(mock.app as unknown as { handle: (...args: unknown[]) => void }, "handle");

describe("a request waiting for its delay", () => {
  it("is never handled once its client has gone away", async () => {
    const mock = await delayedMock();
    const { url } = await mock.start();
    const handled = handledByRest(mock);
    await expect(fetch(`${url}${PLAN}`, { headers: auth, signal: AbortSignal.timeout(50) })).rejects.toThrow();
    await sleep(DELAY_MS + 100);
    expect(handled).not.toHaveBeenCalled();
  });

  it("is dropped by stop(), also when the handler is mounted in-process", async () => {
    const mock = await delayedMock();
    const server = http.createServer(mock.handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const handled = handledByRest(mock);
    const { port } = server.address() as AddressInfo;

    const arrived = new Promise((resolve) => server.once("request", resolve));
    const pending = fetch(`http://127.0.0.1:${port}${PLAN}`, { headers: auth });
    // stop() once the request waits for its delay (a fixed sleep lost that race on a busy machine).
    await arrived;
    await mock.stop();
    // Not left hanging: the response is destroyed.
    await expect(pending).rejects.toThrow();
    await sleep(DELAY_MS + 100);
    expect(handled).not.toHaveBeenCalled();
  });
});

describe("stop() and start() again", () => {
  it("serves REST over h2c again", async () => {
    const mock = await createMockServer({ port: 0 });
    cleanups.push(() => mock.stop());
    const restOverH2c = (url: string) =>
      new Promise<number>((resolve, reject) => {
        const session = http2.connect(url);
        session.on("error", reject);
        const stream = session.request({ ":method": "GET", ":path": PLAN, ...auth });
        stream.on("response", (headers) => resolve(Number(headers[":status"])));
        stream.on("error", reject);
        stream.resume();
        stream.on("close", () => session.close());
        stream.end();
      });
    expect(await restOverH2c((await mock.start()).url)).toBe(200);
    await mock.stop();
    expect(await restOverH2c((await mock.start()).url)).toBe(200);
  });
});
