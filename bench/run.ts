/**
 * `npm run bench [-- --quick] [throughput] [startup] [scale] [search] [protocols]`: the side-by-side
 * benches (all of the first three by default), printed as Markdown and written to reports/bench/
 * (bench.md, bench.json, req-per-second.svg). Ratios measured in one run are what to compare.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { ROOT, ensureBuild } from "./processes.js";
import { runProtocolCost } from "./protocol-cost.js";
import { type BenchResults, toMarkdown, toSvg } from "./report.js";
import type { ScaleResult } from "./scale.js";
import { runSearchScaling } from "./search-scaling.js";
import { runStartup } from "./startup.js";
import { runThroughput } from "./throughput.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const asked = new Set(args.filter((a) => !a.startsWith("--")));
const wants = (section: string, byDefault = true): boolean => (asked.size === 0 ? byDefault : asked.has(section));

// Figures on a Node the package does not support say nothing of what its users get (Node 20 and 22
// differ a lot: HTTP/2's cost, synchronous ES module loading). Decision 043.
const { engines } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { engines: { node: string } };
if (!semver.satisfies(process.versions.node, engines.node)) {
  console.error(`The bench measures the package on a Node it supports (${engines.node}); this is Node ${process.versions.node}.`);
  console.error("Run it with a supported Node on PATH, e.g. `npx -p node@22 npm run bench`.");
  process.exit(2);
}

const cli = ensureBuild();
const results: { -readonly [K in keyof BenchResults]: BenchResults[K] } = {
  date: new Date().toISOString(),
  node: process.versions.node,
  quick,
};
if (wants("throughput")) {
  const [rounds, seconds] = quick ? [1, 1] : [3, 3];
  console.error(`throughput: ${rounds} round(s) of ${seconds} s per server and operation ...`);
  results.throughput = { ...(await runThroughput({ cli, rounds, seconds })), rounds, seconds };
}
if (wants("startup")) {
  console.error("start-up ...");
  results.startup = await runStartup(cli, quick ? 5 : 9);
}
if (wants("scale")) {
  const keys = quick ? 100_000 : 1_000_000;
  console.error(`scale: one org with ${keys} keys ...`);
  const child = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=4096", "--import", "tsx", "bench/scale.ts", String(keys), cli], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.status !== 0) throw new Error(`the scale bench failed (${child.status})`);
  results.scale = JSON.parse(child.stdout.trim().split("\n").pop()!) as ScaleResult;
}
if (wants("search", false)) await runSearchScaling();
if (wants("protocols", false)) await runProtocolCost();

const markdown = toMarkdown(results);
console.log(markdown);
const dir = join(ROOT, "reports/bench");
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "bench.md"), markdown);
writeFileSync(join(dir, "bench.json"), `${JSON.stringify(results, null, 2)}\n`);
if (results.throughput) {

  writeFileSync(join(dir, "req-per-second.svg"), toSvg(results.throughput.rest, "REST requests per second (higher is better)"));

}
console.error(`written: ${dir}/bench.md, bench.json${results.throughput ? ", req-per-second.svg" : ""}`);
process.exit(0);
