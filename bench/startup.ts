/**
 * Start-up cost and memory: how long `createMockServer()` takes (spec load, validators, fixture
 * seeding) and how much heap the seeded state holds, for the default fixture and for generated ones.
 * Run: npm run bench -- startup   (or: npx tsx bench/startup.ts)
 */
import { createMockServer, type Fixture } from "../src/index.js";
import { generateFixture } from "../src/fixtures-generator.js";
import { fmt, median, timeEach } from "./stats.js";

const RUNS = 5;

const heapAfterGc = (): number => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};

const measure = async (label: string, fixtures: string | Fixture | undefined): Promise<void> => {
  const samples = await timeEach(RUNS, () => createMockServer(fixtures === undefined ? {} : { fixtures }));
  const before = heapAfterGc();
  const mock = await createMockServer(fixtures === undefined ? {} : { fixtures });
  const retained = heapAfterGc() - before;
  const keys = mock.instance.orgs.reduce((sum, org) => sum + org.aggregate.metadata.size, 0);
  const heap = globalThis.gc ? `${(retained / 1024 / 1024).toFixed(1)} MiB` : "(run with --expose-gc)";
  console.log(`${label.padEnd(34)}${String(keys).padStart(9)} keys${fmt(median(samples)).padStart(12)}${heap.padStart(14)}`);
};

export const runStartup = async (): Promise<void> => {
  console.log(`createMockServer(): median of ${RUNS} starts, and the heap the instance keeps`);
  console.log(`${"fixture".padEnd(34)}${"".padStart(14)}${"start".padStart(12)}${"heap".padStart(14)}`);
  await measure("fixtures/default.json", undefined);
  await measure("generated: 10 orgs x 1,000 keys", generateFixture({ seed: 1, orgs: 10, keys: 1_000 }));
  await measure("generated: 10 orgs x 10,000 keys", generateFixture({ seed: 1, orgs: 10, keys: 10_000 }));
};

if (import.meta.url === `file://${process.argv[1]}`) await runStartup();
