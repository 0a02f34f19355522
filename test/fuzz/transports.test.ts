/**
 * Hostile input over every transport of the port (raw HTTP/1.1, raw h2c frames, gRPC over h2c with
 * malformed frames, gRPC-web binary and text, REST over h2c): every answer is a ZITADEL-shaped error
 * or a gRPC status, nothing hangs, and the server stays healthy. A few thousand cases here;
 * `npm run fuzz` runs 100,000. FUZZ_SEED=<n> reproduces a run (the seed is printed on failure).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockServer, type MockServer } from "../../src/index.js";
import { FUZZ_LIMITS, healthy, replayFuzzCase, runFuzz } from "./run-fuzz.js";

const CASES = 2000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
let mock: MockServer;
let url: string;

beforeAll(async () => {
  mock = await createMockServer({ port: 0, limits: FUZZ_LIMITS });
  ({ url } = await mock.start());
});
afterAll(() => mock.stop());

describe("hostile input on every transport", () => {
  it(`answers ${CASES} generated cases properly and stays healthy (seed ${SEED})`, async () => {
    const report = await runFuzz({ url, count: CASES, seed: SEED });
    const problems = report.failures.map((f) => `FUZZ_SEED=${SEED} (batch seed ${f.seed}, case ${f.index}): ${f.problem}\n  ${f.input}`);
    expect(problems).toEqual([]);
    expect(report.cases).toBe(CASES);
    expect(Object.keys(report.perKind).sort()).toEqual(["grpc", "grpc-web", "h2-frames", "http1", "rest-h2"]);
    expect(await healthy(url)).toBe(true);
  }, 180_000);

  // Found by `npm run fuzz` (batch seed, case): h2c connections that a protocol error left with a
  // request stream that could never end were held until the client gave up.
  // They end at the second idle timeout (FUZZ_LIMITS: 0.5 s each).
  it("ends HTTP/2 connections left stuck by a protocol error (fuzz cases 20261258/283, 20261275/614)", async () => {
    expect(await Promise.all([replayFuzzCase(url, 20261258, 283), replayFuzzCase(url, 20261275, 614)])).toEqual([undefined, undefined]);
  });
});
