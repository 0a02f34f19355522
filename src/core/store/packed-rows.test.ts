import { describe, expect, it } from "vitest";
import { searchMetadata } from "../metadata/search-metadata.js";
import { type KeyQuery, type TextQueryMethod, keyMatcher } from "../metadata/text-query.js";
import { MetadataProjection, type MetadataRow, type ProjectionSnapshot } from "./metadata-projection.js";
import type { OrgEvent } from "./org-events.js";
import { sortedSeedOf } from "./sorted-seed.js";

/**
 * A projection seeded in bulk keeps its rows packed (decision 035); it must answer exactly as the same
 * entries pushed one event each into a projection of row objects, through any mix of writes (which
 * unpack a block, and pack it again once other blocks were written), searches, snapshots and
 * restores, across block boundaries (64 rows a packed block, 256 to 512 a block of row objects).
 */

/** A small deterministic generator (mulberry32), so a failure repeats. */
const randomFrom = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const AT = new Date("2025-01-01T00:00:00Z");
const LOWER = ["a", "b", "k", "_", ".", "1", "7", "é", "ß"];
/** Upper case (one that lower-cases to two code units), the texts' separator, and code units over 0xff. */
const ANY = [...LOWER, "A", "K", "É", "\n", "İ", "Σ", "中", "\u{1f600}"];

const plain = (row: MetadataRow | undefined) =>
  row && { key: row.key, lowerKey: row.lowerKey, storedValue: row.storedValue, sequence: row.sequence, creationDate: row.creationDate, changeDate: row.changeDate };
const rowsOf = (rows: Iterable<MetadataRow>) => Array.from(rows, plain);

/** Two projections that must agree: one seeded (packed), one of events (row objects). */
class Pair {
  /** Never packs a written block again: row objects only. */
  readonly events = new MetadataProjection({ keepUnpacked: Infinity });
  sequence: number;

  constructor(
    readonly seeded: MetadataProjection,
    entries: readonly { key: string; value: string }[],
    base: number,
  ) {
    entries.forEach(({ key, value }, i) => this.events.reduce(setEvent(key, value, base + i + 1, AT)));
    this.sequence = base + entries.length;
  }

  apply(make: (sequence: number) => OrgEvent): void {
    const event = make(++this.sequence);
    this.seeded.reduce(event);
    this.events.reduce(event);
  }
}

const setEvent = (key: string, value: string, sequence: number, createdAt: Date): OrgEvent => ({
  type: "org.metadata.set",
  key,
  value: new Uint8Array(Buffer.from(value, "base64")),
  sequence,
  createdAt,
});

/** Rows as one text (comparing a few hundred rows deeply is slow). */
const textOf = (rows: Iterable<MetadataRow>): string =>
  Array.from(rows, (r) => JSON.stringify([r.key, r.lowerKey, r.storedValue, r.sequence, r.creationDate.getTime(), r.changeDate.getTime()])).join("\n");
/** Every row in both orders. */
const stateOf = (projection: MetadataProjection): string => `${projection.size}\n${textOf(projection.all())}\n\n${textOf(projection.withLowerPrefix(""))}`;

const expectSame = (pair: Pair, label: string): void => expect(stateOf(pair.seeded), label).toBe(stateOf(pair.events));

const run = (seed: number, count: number, alphabet: readonly string[], how: "sorted" | "list") => {
  const random = randomFrom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const keyOf = (): string => Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(alphabet)).join("");
  const valueOf = (): string => Buffer.from(String(random()).slice(0, 1 + Math.floor(random() * 8))).toString("base64");
  const keys = new Set<string>();
  while (keys.size < count && keys.size < 20_000) keys.add(`${pick(alphabet === LOWER ? ["", "k.", "a_"] : ["", "k.", "K.", "a_"])}${keyOf()}${keys.size % 3 === 0 ? String(keys.size) : ""}`);
  const entries = [...keys].map((key) => ({ key, value: valueOf() }));
  const base = Math.floor(random() * 5);
  // Written blocks are packed again after 0, 1 or 2 other blocks were written.
  const seeded = new MetadataProjection({ keepUnpacked: seed % 3 });
  // The list form may repeat a key (the last wins); a sorted seed holds every key once.
  const listEntries = entries.length > 0 ? [...entries, { key: entries[0]!.key, value: valueOf() }] : entries;
  seeded.seed(how === "sorted" ? sortedSeedOf(entries) : listEntries, base, AT);
  const pair = new Pair(seeded, how === "sorted" ? entries : listEntries, base);
  const initial = { seeded: pair.seeded.snapshot(), events: pair.events.snapshot(), rows: textOf(pair.events.all()) };
  expectSame(pair, "after the seed");

  const known = (): string => (entries.length > 0 && random() < 0.8 ? pick(entries).key : keyOf());
  const fragment = (): string => {
    const key = known();
    const from = Math.floor(random() * key.length);
    const text = key.slice(from, from + Math.floor(random() * 4));
    return random() < 0.3 ? text.toUpperCase() : text;
  };
  const snapshots: { seeded: ProjectionSnapshot; events: ProjectionSnapshot; rows: string; sequence: number }[] = [];
  for (let step = 0; step < 400; step++) {
    const label = `seed ${seed}, step ${step}`;
    const r = random();
    // Now and then a key with upper case, also into a store of lower-case keys (which then needs its lower-cased index).
    if (r < 0.2) pair.apply((sequence) => setEvent(random() < 0.05 ? known().toUpperCase() : known(), valueOf(), sequence, new Date(AT.getTime() + sequence)));
    else if (r < 0.3) pair.apply((sequence) => ({ type: "org.metadata.removed", key: known(), sequence, createdAt: new Date(AT.getTime() + sequence) }));
    else if (r < 0.4) {
      const key = known();
      expect(plain(pair.seeded.get(key)), label).toEqual(plain(pair.events.get(key)));
      expect(pair.seeded.has(key), label).toBe(pair.events.has(key));
    } else if (r < 0.85) {
      const queries: KeyQuery[] = Array.from({ length: random() < 0.8 ? 1 : 2 }, () => ({
        key: random() < 0.1 ? "" : fragment(),
        method: Math.floor(random() * 8) as TextQueryMethod,
      }));
      const search = { queries, offset: random() < 0.5 ? 0 : Math.floor(random() * (pair.events.size + 3)), limit: 1 + Math.floor(random() * 20) };
      const [got, want] = [searchMetadata(pair.seeded, search), searchMetadata(pair.events, search)];
      expect({ total: got.totalResult, rows: rowsOf(got.rows) }, `${label} ${JSON.stringify(search)}`).toEqual({ total: want.totalResult, rows: rowsOf(want.rows) });
      // And as testing every key gives (the indexes of both could share a mistake).
      const matches = [...pair.events.all()].filter((row) => queries.every((query) => keyMatcher(query)(row)));
      const page = matches.slice(search.offset, search.offset + search.limit).map((row) => row.key);
      expect({ total: got.totalResult, keys: got.rows.map((row) => row.key) }, `${label} ${JSON.stringify(search)}`).toEqual({ total: page.length === 0 ? 0 : matches.length, keys: page });
    } else if (r < 0.92) snapshots.push({ seeded: pair.seeded.snapshot(), events: pair.events.snapshot(), rows: textOf(pair.events.all()), sequence: pair.sequence });
    else if (r < 0.97 && snapshots.length > 0) {
      const snapshot = pick(snapshots);
      // A snapshot is what it was when taken, whatever was written since.
      expect(textOf(snapshot.seeded.byKey), label).toBe(snapshot.rows);
      pair.seeded.restore(snapshot.seeded);
      pair.events.restore(snapshot.events);
      pair.sequence = snapshot.sequence;
      expectSame(pair, `${label} (restored)`);
    } else {
      pair.seeded.restore(initial.seeded);
      pair.events.restore(initial.events);
      pair.sequence = base + entries.length;
      expect(textOf(pair.seeded.all()), `${label} (reset)`).toBe(initial.rows);
    }
    if (step % 100 === 0) expectSame(pair, label);
  }
  expectSame(pair, "at the end");
  expect(textOf(initial.seeded.byKey)).toBe(initial.rows);
};

describe("packed seeded rows against rows made by events", () => {
  it.each([
    [1, 0],
    [2, 1],
    [3, 63],
    [4, 64],
    [5, 65],
    [6, 700],
  ])("a sorted seed of lower-case keys (seed %i, %i keys): the same answers", (seed, count) => run(seed, count, LOWER, "sorted"));

  it.each([
    [7, 1],
    [8, 129],
    [9, 600],
  ])("a sorted seed with upper case, separators and keys over Latin-1 (seed %i, %i keys)", (seed, count) => run(seed, count, ANY, "sorted"));

  it.each([
    [10, 0],
    [11, 300],
    [12, 520],
    [13, 1100],
  ])("a seed of entries, a key repeated (seed %i, %i keys)", (seed, count) => run(seed, count, ANY, "list"));

  it("a seed of only lower-case keys needs no lower-cased index (the key order is that order); one with upper case has it", () => {
    const lower = new MetadataProjection();
    lower.seed(sortedSeedOf(["b", "a", "c"].map((key) => ({ key, value: "AQ==" }))), 0, AT);
    expect(lower.snapshot().byLowerKey).toBeUndefined();
    lower.reduce(setEvent("B", "AQ==", 4, AT));
    expect([...lower.withLowerPrefix("")].map((row) => row.key)).toEqual(["a", "B", "b", "c"]);
    expect(lower.snapshot().byLowerKey).toBeDefined();
    const mixed = new MetadataProjection();
    mixed.seed(sortedSeedOf(["b", "A", "a", "B"].map((key) => ({ key, value: "AQ==" }))), 0, AT);
    expect([...mixed.all()].map((row) => row.key)).toEqual(["A", "B", "a", "b"]);
    expect([...mixed.withLowerPrefix("")].map((row) => row.key)).toEqual(["A", "a", "B", "b"]);
  });
});
