/**
 * `npm run fuzz`: 100,000 hostile requests over every transport (test/fuzz/hostile-input.ts) against
 * an in-process mock; prints the failures with their seed, the rate, and the memory before and after.
 * Options: --count=N (default 100000), --seed=N (default: the date), --concurrency=N.
 * Exits 1 on any failure, an unhealthy server or memory that does not come back.
 */
import { createMockServer } from "../src/index.js";
import { FUZZ_LIMITS, healthy, runFuzz } from "../test/fuzz/run-fuzz.js";

const arg = (name: string): number | undefined => {
  const value = process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  return value === undefined ? undefined : Number(value);
};
const count = arg("count") ?? 100_000;
const seed = arg("seed") ?? Number(new Date().toISOString().slice(0, 10).replace(/-/g, ""));
const concurrency = arg("concurrency") ?? 64;
const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

// Sessions stuck after an h2 protocol error end at the idle timeout: short here, so they count as ended.
const mock = await createMockServer({ port: 0, limits: FUZZ_LIMITS });
const { url } = await mock.start();
const heapBefore = heapMb();
const rssBefore = process.memoryUsage().rss / 1024 / 1024;
console.log(`fuzzing ${url}: ${count} cases, seed ${seed}, ${concurrency} at a time`);
const started = performance.now();
let lastPrint = started;
const report = await runFuzz({
  url,
  count,
  seed,
  concurrency,
  onProgress: (done) => {
    if (performance.now() - lastPrint > 5000) {
      lastPrint = performance.now();
      console.log(`  ${done} cases, ${((done / (lastPrint - started)) * 1000).toFixed(0)}/s`);
    }
  },
});
const seconds = (performance.now() - started) / 1000;
await new Promise((resolve) => setTimeout(resolve, 500));
mock.reset(); // the fuzzing wrote metadata; memory is compared on the fixture state
const heapAfter = heapMb();
const ok = await healthy(url);
console.log(`${report.cases} cases in ${seconds.toFixed(1)} s (${(report.cases / seconds).toFixed(0)}/s): ${JSON.stringify(report.perKind)}`);
console.log(`mean ms per case: ${Object.entries(report.msPerKind).map(([kind, total]) => `${kind} ${(total / report.perKind[kind]!).toFixed(1)}`).join(", ")}`);
console.log(`heap (after GC) ${heapBefore.toFixed(0)} MB before, ${heapAfter.toFixed(0)} MB after; RSS ${rssBefore.toFixed(0)} -> ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB; healthy: ${ok}`);
for (const f of report.failures.slice(0, 20)) console.log(`FAIL seed ${f.seed} case ${f.index}: ${f.problem}\n  ${f.input}`);
if (report.failures.length > 20) console.log(`... and ${report.failures.length - 20} more failures`);
const memoryBack = heapAfter < heapBefore + 64;
if (!memoryBack) console.log("FAIL memory did not come back (more than 64 MB of heap above the start)");
await mock.stop();
process.exit(report.failures.length === 0 && ok && memoryBack ? 0 : 1);
