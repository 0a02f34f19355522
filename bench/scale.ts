/**
 * One organization with many keys (1,000,000; 100,000 with --quick): generator time and linearity,
 * spawn-to-first-200 and RSS of the compiled mock loading that fixture, retained heap per key,
 * search latency with limit 10, RSS after 10,000 broad searches, and the cost of written keys
 * (RSS per key after writing a fifth as many new keys, against the same keys loaded from a fixture,
 * each in a fresh process).
 * Runs in its own process (`node --expose-gc --import tsx bench/scale.ts <keys> <cli>`), prints JSON.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setOrgMetadata } from "../src/core/metadata/org-metadata-operations.js";
import { searchMetadata } from "../src/core/metadata/search-metadata.js";
import { type KeyQuery, TextQueryMethod as M } from "../src/core/metadata/text-query.js";
import { generateFixture } from "../src/fixtures/generate-fixture.js";
import { Instance, createMockServer, parseFixture, toInstanceSeed } from "../src/index.js";
import { cpuMs } from "./cpu-time.js";
import { TMP, freePort, startServer } from "./processes.js";
import { gc, heapUsed, median } from "./stats.js";

export interface ScaleResult {
  readonly keys: number;
  readonly generatorSeconds: number;
  /** Seconds per key at `keys` over seconds per key at a tenth of it: 1 is linear. */
  readonly generatorLinearity: number;
  readonly generatorDeterministic: boolean;
  /**
   * To the first 200 on /debug/healthz (liveness: answered from the listen on, while the fixture
   * loads), and on an API call (GET /management/v1/orgs/me: the fixture is in).
   */
  readonly loadToFirst200Seconds: number;
  readonly loadToFirstApi200Seconds: number;
  /** The mock process's CPU time (user + system) at its first API 200: robust to a shared machine. */
  readonly loadCpuSecondsAtFirstApi200: number;
  readonly rssAfterLoadMiB: number;
  readonly heapBytesPerKey: number;
  /** Median milliseconds per search, limit 10. */
  readonly searchMs: Record<string, number>;
  /** The first CONTAINS search after load, which builds the key texts it scans (then kept per block). */
  readonly firstScanMs: number;
  /** Retained heap per key after the searches: with the key texts. */
  readonly heapBytesPerKeyAfterSearches: number;
  readonly rssBeforeSearchesMiB: number;
  readonly rssAfterSearchesMiB: number;
  readonly writes: number;
  /** RSS per key: written through the core operation, and the same keys loaded from a fixture. */
  readonly rssBytesPerWrittenKey: number;
  readonly rssBytesPerLoadedKey: number;
  readonly heapBytesPerWrittenKey: number;
  readonly heapBytesPerLoadedKey: number;
}

interface PerKey {
  readonly rssBytes: number;
  readonly heapBytes: number;
}

/** The n-th written key and its value (each key its own value, as in a real store). */
const writtenKey = (i: number): string => `written.${i.toString(36)}`;
const writtenValue = (i: number): string => `a written value ${i}`;
const ORG_ID = "1";

/**
 * In a fresh process (`--per-key written|loaded <n>`): the RSS and heap one org's `n` new keys add,
 * written one by one through SetOrgMetadata's core operation, or loaded from a fixture holding them.
 */
const perKey = (mode: "written" | "loaded", n: number): PerKey => {
  const empty = { orgs: [{ id: ORG_ID, name: "ACME", primaryDomain: "acme.localhost" }], users: [], metadata: [] };
  let instance = new Instance(toInstanceSeed(parseFixture(empty, "empty")));
  const before = { rss: (gc(), process.memoryUsage().rss), heap: heapUsed() };
  if (mode === "written") {
    const org = instance.org(ORG_ID)!;
    const encoder = new TextEncoder();
    for (let i = 0; i < n; i++) setOrgMetadata(org, { key: writtenKey(i), value: encoder.encode(writtenValue(i)) });
  } else {
    // Built in a function of its own, so that nothing but the instance outlives it.
    const load = (): Instance => {
      const entry = (i: number) => ({ orgId: ORG_ID, key: writtenKey(i), value: Buffer.from(writtenValue(i)).toString("base64") });
      const text = JSON.stringify({ ...empty, metadata: Array.from({ length: n }, (_, i) => entry(i)) });
      return new Instance(toInstanceSeed(parseFixture(JSON.parse(text), "fixture")));
    };
    instance = load();
  }
  const heap = heapUsed();
  const rss = process.memoryUsage().rss;
  if (instance.org(ORG_ID)!.aggregate.metadata.size !== n) throw new Error("not every key is there");
  return { rssBytes: (rss - before.rss) / n, heapBytes: (heap - before.heap) / n };
};

const perKeyInChild = (mode: "written" | "loaded", n: number): PerKey => {
  const child = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url), "--per-key", mode, String(n)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.status !== 0) throw new Error(`the per-key bench (${mode}) failed (${child.status})`);
  return JSON.parse(child.stdout.trim().split("\n").pop()!) as PerKey;
};

/**
 * heapUsed once what is garbage has been freed: after event-loop turns, each with a full gc. A gc in
 * the same turn as the work before it misses garbage freed only later: objects still held by the
 * stopped server's and child's handles or by WeakRefs kept for the current job, and ArrayBuffer and
 * external-string memory that V8 frees in the background (tens of MB in `external` after a 1M-key
 * load). Taken that way, the baseline could hold more garbage than the loaded mock's measure and the
 * difference came out negative (-70 B/key once, under load).
 */
const settledHeapUsed = async (): Promise<number> => {
  for (let turn = 0; turn < 3; turn++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    gc();
  }
  return heapUsed();
};

const rssMiB = (): number => process.memoryUsage().rss / 2 ** 20;
const timed = <T>(fn: () => T): [T, number] => {
  const start = performance.now();
  const value = fn();
  return [value, (performance.now() - start) / 1000];
};

const rssOfProcess = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
};

export const runScale = async (keys: number, cli: string): Promise<ScaleResult> => {
  // Generator: a tenth, then all of it; the same seed twice must give the same bytes.
  const [, smallSeconds] = timed(() => generateFixture({ seed: 1, orgs: 1, keys: keys / 10 }));
  const [fixture, generatorSeconds] = timed(() => generateFixture({ seed: 1, orgs: 1, keys }));
  const sample = (seed: number) => JSON.stringify(generateFixture({ seed, orgs: 2, keys: 2000 }));
  const generatorDeterministic = sample(7) === sample(7);
  const file = join(TMP, `fixture-1-org-${keys}-keys.json`);
  writeFileSync(file, JSON.stringify(fixture));

  // The compiled CLI loading it: spawn to the first 200, and its RSS then. The port is picked here, so
  // the liveness probe is polled from the spawn on: it answers while the fixture loads (decision 036),
  // before the banner (which lists the fixture's orgs) is printed.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const starting = startServer("mock", process.execPath, [cli, "--port", String(port), "--quiet", "--fixtures", file], 600_000);
  let failed: unknown;
  starting.catch((error: unknown) => (failed = error));
  const firstOk = async (path: string): Promise<number> => {
    const init = { headers: { authorization: "Bearer org-1-owner-token" } };
    while ((await fetch(`${url}${path}`, init).catch(() => undefined))?.status !== 200) {
      if (failed) throw failed;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return (performance.now() - started) / 1000;
  };
  const loadToFirst200Seconds = await firstOk("/debug/healthz");
  const loadToFirstApi200Seconds = await firstOk("/management/v1/orgs/me");
  const server = await starting;
  const loadCpuSecondsAtFirstApi200 = (cpuMs(server.process.pid) ?? Number.NaN) / 1000;
  const rssAfterLoadMiB = rssOfProcess(server.process.pid!);
  await server.stop();

  // In this process: the heap the loaded mock keeps, per key (modules loaded first by a small mock).
  await (await createMockServer()).stop();
  const before = await settledHeapUsed();
  const mock = await createMockServer({ fixtures: file });
  const heapBytesPerKey = ((await settledHeapUsed()) - before) / keys;
  const org = mock.instance.orgs.find((o) => o.aggregate.metadata.size === keys)!;
  const projection = org.aggregate.metadata;
  const some = fixture.metadata[keys >> 1]!.key;
  const searches: Record<string, KeyQuery[]> = {
    "EQUALS (1 hit)": [{ key: some, method: M.Equals }],
    "EQUALS_IGNORE_CASE (1 hit)": [{ key: some.toUpperCase(), method: M.EqualsIgnoreCase }],
    "STARTS_WITH (every key)": [{ key: "", method: M.StartsWith }],
    "STARTS_WITH custom. (most keys)": [{ key: "custom.", method: M.StartsWith }],
    "STARTS_WITH_IGNORE_CASE CUSTOM. (most keys)": [{ key: "CUSTOM.", method: M.StartsWithIgnoreCase }],
    "CONTAINS _1 (many)": [{ key: "_1", method: M.Contains }],
    "ENDS_WITH 7": [{ key: "7", method: M.EndsWith }],
    "CONTAINS_IGNORE_CASE _1": [{ key: "_1", method: M.ContainsIgnoreCase }],
  };
  const firstScanMs = timed(() => searchMetadata(projection, { queries: searches["CONTAINS _1 (many)"]!, offset: 0, limit: 10 }))[1] * 1000;
  const searchMs: Record<string, number> = {};
  for (const [name, queries] of Object.entries(searches)) {
    const samples: number[] = [];
    for (let i = 0; i < 21; i++) samples.push(timed(() => searchMetadata(projection, { queries, offset: 0, limit: 10 }))[1] * 1000);
    searchMs[name] = median(samples);
  }
  const heapBytesPerKeyAfterSearches = ((await settledHeapUsed()) - before) / keys;
  gc();
  const rssBeforeSearchesMiB = rssMiB();
  const broad = [searches["STARTS_WITH (every key)"]!, searches["STARTS_WITH_IGNORE_CASE CUSTOM. (most keys)"]!];
  for (let i = 0; i < 10_000; i++) searchMetadata(projection, { queries: broad[i % 2]!, offset: i % 1000, limit: 10 });
  gc();
  const rssAfterSearchesMiB = rssMiB();

  // Writes: new keys through the core operation against the same keys from a fixture, fresh processes each.
  await mock.stop();
  const writes = keys / 5;
  const written = perKeyInChild("written", writes);
  const loaded = perKeyInChild("loaded", writes);

  return {
    keys,
    generatorSeconds,
    generatorLinearity: generatorSeconds / keys / (smallSeconds / (keys / 10)),
    generatorDeterministic,
    loadToFirst200Seconds,
    loadToFirstApi200Seconds,
    loadCpuSecondsAtFirstApi200,
    rssAfterLoadMiB,
    heapBytesPerKey,
    searchMs,
    firstScanMs,
    heapBytesPerKeyAfterSearches,
    rssBeforeSearchesMiB,
    rssAfterSearchesMiB,
    writes,
    rssBytesPerWrittenKey: written.rssBytes,
    rssBytesPerLoadedKey: loaded.rssBytes,
    heapBytesPerWrittenKey: written.heapBytes,
    heapBytesPerLoadedKey: loaded.heapBytes,
  };
};

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === "--per-key") {
  console.log(JSON.stringify(perKey(process.argv[3] as "written" | "loaded", Number(process.argv[4]))));
  process.exit(0);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const [keys, cli] = [Number(process.argv[2] ?? 1_000_000), process.argv[3] ?? join(TMP, "..", "dist/src/cli.js")];
  console.log(JSON.stringify(await runScale(keys, cli)));
  process.exit(0);
}
