/**
 * `--delay`: simulated latency for API calls, without holding up other requests.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockServer, type MockServer } from "../../src/index.js";

const DELAY_MS = 400;
let mock: MockServer;
let url: string;

beforeAll(async () => {
  mock = await createMockServer({ port: 0, delay: { minMs: DELAY_MS, maxMs: DELAY_MS } });
  ({ url } = await mock.start());
});
afterAll(() => mock.stop());

const timed = async (path: string): Promise<{ status: number; ms: number }> => {
  const started = performance.now();
  const res = await fetch(`${url}${path}`, { headers: { authorization: "Bearer acme-owner-token" } });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
};

describe("a mock started with a delay", () => {
  it("holds every API answer for the delay, errors included", async () => {
    const ok = await timed("/management/v1/metadata/plan");
    const missing = await timed("/management/v1/metadata/nope");
    expect(ok).toMatchObject({ status: 200 });
    expect(missing).toMatchObject({ status: 404 });
    expect(ok.ms).toBeGreaterThanOrEqual(DELAY_MS - 5);
    expect(missing.ms).toBeGreaterThanOrEqual(DELAY_MS - 5);
  });

  it("answers probes at once", async () => {
    const probe = await timed("/debug/ready");
    expect(probe.status).toBe(200);
    expect(probe.ms).toBeLessThan(DELAY_MS);
  });

  it("delays requests side by side, not one after another", async () => {
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 5 }, () => timed("/management/v1/metadata/plan")));
    expect(results.every((r) => r.status === 200)).toBe(true);
    // One after another would take 5 x 400 ms.
    expect(performance.now() - started).toBeLessThan(3 * DELAY_MS);
  });
});
