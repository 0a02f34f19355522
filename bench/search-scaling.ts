/**
 * How search cost grows with the number of keys in one org: EQUALS and STARTS_WITH use the ordered
 * index (cost follows the matches), CONTAINS scans every key. Prints median microseconds per search.
 * Run: npm run bench -- search   (or: npx tsx bench/search-scaling.ts)
 */
import { steppingClock } from "../src/core/clock.js";
import { searchMetadata } from "../src/core/metadata/search-metadata.js";
import { type KeyQuery, TextQueryMethod } from "../src/core/metadata/text-query.js";
import { OrgAggregate } from "../src/core/store/org-aggregate.js";
import { fmt, median, timeEach } from "./stats.js";

const SIZES = [1_000, 10_000, 100_000];
const RUNS = 200;
const value = new Uint8Array([1, 2, 3]);

const orgWithKeys = (count: number): OrgAggregate => {
  const org = new OrgAggregate("1", steppingClock(new Date("2025-01-01T00:00:00Z")));
  const events = [];
  for (let i = 0; i < count; i++) {
    events.push({ type: "org.metadata.set" as const, key: `tenant.${String(i).padStart(6, "0")}.setting`, value });
  }
  org.push(events);
  return org;
};

const searches: Record<string, (n: number) => KeyQuery[]> = {
  "EQUALS (1 hit)": (n) => [{ key: `tenant.${String(n >> 1).padStart(6, "0")}.setting`, method: TextQueryMethod.Equals }],
  "STARTS_WITH (10 hits)": (n) => [{ key: `tenant.${String(n >> 1).padStart(6, "0").slice(0, 5)}`, method: TextQueryMethod.StartsWith }],
  "STARTS_WITH_IGNORE_CASE (10 hits)": (n) => [{ key: `TENANT.${String(n >> 1).padStart(6, "0").slice(0, 5)}`, method: TextQueryMethod.StartsWithIgnoreCase }],
  "CONTAINS (10 hits, full scan)": (n) => [{ key: `.${String(n >> 1).padStart(6, "0").slice(0, 5)}`, method: TextQueryMethod.Contains }],
  "ENDS_WITH (every key, full scan)": () => [{ key: ".setting", method: TextQueryMethod.EndsWith }],
  "CONTAINS_IGNORE_CASE (10 hits, scan)": (n) => [{ key: `.${String(n >> 1).padStart(6, "0").slice(0, 5)}`.toUpperCase(), method: TextQueryMethod.ContainsIgnoreCase }],
};

export const runSearchScaling = async (): Promise<void> => {
  console.log(`Search cost by org size (median of ${RUNS} searches, limit 1000)`);
  const orgs = SIZES.map(orgWithKeys);
  const header = ["query".padEnd(36), ...SIZES.map((n) => `${n.toLocaleString("en")} keys`.padStart(14))].join("");
  console.log(header);
  for (const [label, queriesFor] of Object.entries(searches)) {
    const cells: string[] = [];
    for (const [i, org] of orgs.entries()) {
      const queries = queriesFor(SIZES[i]!);
      const samples = await timeEach(RUNS, () => searchMetadata(org.metadata, { queries, offset: 0, limit: 1000 }));
      cells.push(fmt(median(samples)).padStart(14));
    }
    console.log(label.padEnd(36) + cells.join(""));
  }
};

if (import.meta.url === `file://${process.argv[1]}`) await runSearchScaling();
