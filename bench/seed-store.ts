/**
 * What seeding one org's store costs, without the fixture file: 1,000,000 generated keys (the
 * fixture generator's) handed to `OrgAggregate.seedMetadata` as a SortedSeed (what the fixture's
 * worker hands over) or as columns with their key order (the fixture scanner's), each in a fresh
 * process. Prints time and garbage collection of the seed, retained heap per key, and the time of a
 * snapshot and restore (what reset does), as JSON lines. The heap counts the memory its objects hold
 * outside it: packed rows keep their ends and sequences in typed arrays, and a seed's texts are
 * decoded into strings V8 keeps outside its heap.
 * Run: node --expose-gc --import tsx bench/seed-store.ts [keys] [--rounds n] [--against <src dir>]
 * `--against` runs another tree's store (e.g. `git archive main src | tar -x -C /tmp/main`) in the
 * same rounds, interleaved, so the two are compared side by side on a shared machine.
 */
import { spawnSync } from "node:child_process";
import { Buffer } from "node:buffer";
import { PerformanceObserver } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type * as GenerateFixture from "../src/fixtures/generate-fixture.js";
import type * as KeyOrderModule from "../src/core/store/key-order.js";
import type * as OrgAggregateModule from "../src/core/store/org-aggregate.js";
import type * as SearchModule from "../src/core/metadata/search-metadata.js";
import { gc, heapUsed, median } from "./stats.js";

type Mode = "sorted" | "columns";

interface SeedCost {
  readonly src: string;
  readonly mode: Mode;
  readonly keys: number;
  readonly seedMs: number;
  readonly gcMsDuringSeed: number;
  readonly heapBytesPerKey: number;
  readonly snapshotRestoreMs: number;
  /** Median milliseconds of a CONTAINS "_1", ENDS_WITH "7" and CONTAINS_IGNORE_CASE "_1" search, limit 10 (after a first one). */
  readonly scanMs: readonly number[];
  /** Microseconds per set event pushed after the seed: a new value for a random seeded key, then a new key beside one. */
  readonly updateUs: number;
  readonly insertUs: number;
}


/** The generator's keys in key order and values in entry order, as a SortedSeed's byte columns (built with plain loops). */
const sortedSeedOf = (keys: readonly string[], values: readonly string[]) => {
  const order = Array.from(keys, (_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
  const keyEnds = new Uint32Array(keys.length);
  const valueEnds = new Uint32Array(keys.length);
  let keyEnd = 0;
  let valueEnd = 0;
  order.forEach((i, r) => {
    keyEnds[r] = keyEnd += keys[i]!.length;
    keyEnd++;
  });
  values.forEach((value, i) => void (valueEnds[i] = valueEnd += value.length));
  const keyText = Buffer.alloc(keyEnd);
  const valueText = Buffer.alloc(valueEnd);
  let k = 0;
  for (const i of order) {
    k += keyText.write(keys[i]!, k, "latin1");
    keyText[k++] = 0x0a;
  }
  values.reduce((v, value) => v + valueText.write(value, v, "latin1"), 0);
  return { kind: "sorted" as const, keyEncoding: "latin1" as const, keyText, keyEnds, valueText, valueEnds, entryIndex: Uint32Array.from(order) };
};

/** In this process: seed one org from `src`'s store and measure it. */
const measure = async (src: string, mode: Mode, count: number): Promise<SeedCost> => {
  const { generateFixture } = (await import(`${src}/fixtures/generate-fixture.ts`)) as typeof GenerateFixture;
  const { keyOrder } = (await import(`${src}/core/store/key-order.ts`)) as typeof KeyOrderModule;
  const { OrgAggregate } = (await import(`${src}/core/store/org-aggregate.ts`)) as typeof OrgAggregateModule;
  const { searchMetadata } = (await import(`${src}/core/metadata/search-metadata.ts`)) as typeof SearchModule;
  const org = new OrgAggregate("1", () => new Date(0));
  org.push([{ type: "org.added", name: "ACME" }]);
  const before = heapUsed();
  // Built in a function of its own, so that nothing but the seed outlives it (an async frame keeps its locals).
  const build = () => {
    const { metadata } = generateFixture({ seed: 1, orgs: 1, keys: count });
    const keys = metadata.map(({ key }) => key);
    const values = metadata.map(({ value }) => value);
    if (keys.some((key) => /[^\x20-\x7e]/.test(key))) throw new Error("the bench builds latin1 seeds of ASCII keys");
    return mode === "sorted" ? sortedSeedOf(keys, values) : { keys, values, keyOrder: keyOrder(keys) };
  };
  const held: { seed?: ReturnType<typeof build> } = { seed: build() };
  gc();
  let gcMs = 0;
  const observer = new PerformanceObserver((list) => void (gcMs += list.getEntries().reduce((sum, entry) => sum + entry.duration, 0)));
  observer.observe({ entryTypes: ["gc"] });
  const start = performance.now();
  org.seedMetadata(held.seed!);
  const seedMs = performance.now() - start;
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  delete held.seed;
  const heapBytesPerKey = (heapUsed() - before) / count;
  if (org.metadata.size !== count) throw new Error(`seeded ${org.metadata.size} of ${count} keys`);
  const restoreStart = performance.now();
  const snapshot = org.snapshot();
  org.push([{ type: "org.metadata.set", key: "written", value: new Uint8Array([1]) }]);
  org.restore(org.snapshot());
  org.restore(snapshot);
  const snapshotRestoreMs = performance.now() - restoreStart;
  const scanMs = ([[4, "_1"], [6, "7"], [5, "_1"]] as const).map(([method, key]) => {
    const search = () => searchMetadata(org.metadata, { queries: [{ key, method }], offset: 0, limit: 10 });
    search();
    const samples = Array.from({ length: 11 }, () => {
      const start = performance.now();
      search();
      return performance.now() - start;
    });
    return Number(median(samples).toFixed(1));
  });
  // Writes spread over the whole store: each reaches a block no recent write did.
  const keyAt = (rank: number): string => {
    let key = "";
    org.metadata.forEachInKeyRange({ from: rank, to: rank + 1 }, (row) => void (key = row.key));
    return key;
  };
  let state = 1;
  const randomRank = (): number => ((state = (state * 48271) % 2147483647) % count);
  const value = new Uint8Array([1, 2, 3]);
  const timeWrites = (keyOf: (i: number) => string): number => {
    const keys = Array.from({ length: 20_000 }, (_, i) => keyOf(i));
    const start = performance.now();
    for (const key of keys) org.push([{ type: "org.metadata.set", key, value }]);
    return ((performance.now() - start) * 1000) / keys.length;
  };
  const updateUs = timeWrites(() => keyAt(randomRank()));
  const insertUs = timeWrites((i) => `${keyAt(randomRank())}.new${i}`);
  return { src, mode, keys: count, seedMs, gcMsDuringSeed: gcMs, heapBytesPerKey, snapshotRestoreMs, scanMs, updateUs, insertUs };
};

const inChild = (src: string, mode: Mode, count: number): SeedCost => {
  const child = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=4096", "--import", "tsx", fileURLToPath(import.meta.url), "--child", src, mode, String(count)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.status !== 0) throw new Error(`the seed bench (${src}, ${mode}) failed (${child.status})`);
  return JSON.parse(child.stdout.trim().split("\n").pop()!) as SeedCost;
};

if (process.argv[2] === "--child") {
  console.log(JSON.stringify(await measure(process.argv[3]!, process.argv[4] as Mode, Number(process.argv[5]))));
  process.exit(0);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const count = Number(args.find((arg) => /^\d+$/.test(arg) && args[args.indexOf(arg) - 1] !== "--rounds") ?? 1_000_000);
  const rounds = Number(option("--rounds") ?? 1);
  const here = fileURLToPath(new URL("../src", import.meta.url));
  const srcs = [option("--against"), here].filter((src): src is string => src !== undefined);
  const results: SeedCost[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const mode of ["sorted", "columns"] as const) {
      for (const src of round % 2 === 0 ? srcs : [...srcs].reverse()) {
        const result = inChild(src, mode, count);
        results.push(result);
        console.log(JSON.stringify(result));
      }
    }
  }
  if (rounds > 1) {
    for (const mode of ["sorted", "columns"] as const) {
      for (const src of srcs) {
        const of = results.filter((r) => r.src === src && r.mode === mode);
        const med = (pick: (r: SeedCost) => number) => Number(median(of.map(pick)).toFixed(1));
        console.log(JSON.stringify({ median: true, src, mode, seedMs: med((r) => r.seedMs), gcMsDuringSeed: med((r) => r.gcMsDuringSeed), heapBytesPerKey: med((r) => r.heapBytesPerKey), snapshotRestoreMs: med((r) => r.snapshotRestoreMs), updateUs: med((r) => r.updateUs), insertUs: med((r) => r.insertUs) }));
      }
    }
  }
}
