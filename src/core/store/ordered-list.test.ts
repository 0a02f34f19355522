import { describe, expect, it } from "vitest";
import { OrderedList, type PackedBlock } from "./ordered-list.js";

/** The ordered list against a plain sorted model, through bulk loads and random inserts, updates and deletes. */
interface Entry {
  readonly key: number;
  readonly value: string;
}
const compare = (entry: Entry, key: number): number => entry.key - key;

/** A small deterministic generator (mulberry32), so a failure repeats. */
const randomFrom = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const entriesOf = (list: OrderedList<Entry, number>, from: number, to: number): [number, string][] => {
  const seen: [number, string][] = [];
  list.forEachInRange(from, to, ({ key, value }) => void seen.push([key, value]));
  return seen;
};

/** A packed block for the tests: a frozen copy that makes a new item on every read. */
const packOne = (items: readonly Entry[]): PackedBlock<Entry> => {
  const copy = items.map(({ key, value }) => [key, value] as const);
  return Object.freeze({ length: copy.length, itemAt: (i: number) => ({ key: copy[i]![0], value: copy[i]![1] }) });
};
/** Packs into blocks of 3 items. */
const pack = (items: readonly Entry[]): PackedBlock<Entry>[] =>
  Array.from({ length: Math.ceil(items.length / 3) }, (_, b) => packOne(items.slice(b * 3, b * 3 + 3)));

describe("OrderedList", () => {
  it.each([
    [1, 0, undefined],
    [2, 0, undefined],
    [3, 0, undefined],
    [4, 37, undefined],
    [5, 300, undefined],
    [6, 0, 0],
    [7, 300, 1],
    [8, 300, 3],
  ])("matches a sorted model after random writes (seed %i, %i entries loaded in bulk first, written blocks packed after %s others)", (seed, loaded, keepUnpacked) => {
    const random = randomFrom(seed);
    const list = new OrderedList<Entry, number>(compare, { blockSize: 4, ...(keepUnpacked === undefined ? {} : { pack, keepUnpacked }) });
    const model = new Map<number, string>();
    for (let key = 0; key < loaded; key++) model.set(key * 2, `loaded${key}`);
    list.loadSorted([...model].map(([key, value]) => ({ key, value })));
    for (let step = 0; step < 3000; step++) {
      const key = Math.floor(random() * 500);
      if (random() < 0.35) expect(list.delete(key)).toBe(model.delete(key));
      else {
        list.upsert(key, () => ({ key, value: `v${step}` }));
        model.set(key, `v${step}`);
      }
      if (step % 100 !== 0) continue;
      const sorted = [...model].sort(([a], [b]) => a - b);
      expect(list.size).toBe(sorted.length);
      expect(entriesOf(list, 0, list.size)).toEqual(sorted);
      expect(list.toArray().map(({ key, value }) => [key, value])).toEqual(sorted);
      const probe = Math.floor(random() * 520) - 10;
      expect(list.rank(probe)).toBe(sorted.filter(([k]) => k < probe).length);
      expect(list.get(probe)?.value).toBe(model.get(probe));
      const from = Math.floor(random() * (sorted.length + 2));
      expect(entriesOf(list, from, from + 7)).toEqual(sorted.slice(from, from + 7));
    }
  });

  it("hands the existing item to upsert, and keeps it when it is returned", () => {
    const list = new OrderedList<Entry, number>(compare, { blockSize: 2 }).loadSorted([{ key: 1, value: "a" }]);
    const seen: (Entry | undefined)[] = [];
    list.upsert(1, (existing) => (seen.push(existing), { key: 1, value: `${existing!.value}b` }));
    list.upsert(2, (existing) => (seen.push(existing), { key: 2, value: "new" }));
    expect(seen).toEqual([{ key: 1, value: "a" }, undefined]);
    expect(list.toArray()).toEqual([
      { key: 1, value: "ab" },
      { key: 2, value: "new" },
    ]);
  });

  it("does not share its blocks with the array it was loaded from", () => {
    const sorted = [1, 2, 3].map((key) => ({ key, value: String(key) }));
    const list = new OrderedList<Entry, number>(compare, { blockSize: 2 }).loadSorted(sorted);
    list.delete(2);
    list.upsert(0, () => ({ key: 0, value: "0" }));
    expect(sorted.map((e) => e.key)).toEqual([1, 2, 3]);
    expect(list.toArray().map((e) => e.key)).toEqual([0, 1, 3]);
  });

  it("shares packed blocks with its snapshots, and a write after a snapshot never changes it", () => {
    const list = new OrderedList<Entry, number>(compare, { blockSize: 2, pack, keepUnpacked: 0 });
    list.loadBlocks([packOne([1, 2].map((key) => ({ key, value: String(key) }))), [{ key: 3, value: "3" }]]);
    const snapshot = list.snapshot();
    expect(snapshot.blocks[0]).toBe(list.blockList()[0]);
    list.upsert(2, () => ({ key: 2, value: "two" }));
    list.delete(3);
    list.upsert(4, () => ({ key: 4, value: "4" }));
    expect([...snapshot].map(({ key, value }) => [key, value])).toEqual([[1, "1"], [2, "2"], [3, "3"]]);
    expect(list.toArray().map(({ key, value }) => [key, value])).toEqual([[1, "1"], [2, "two"], [4, "4"]]);
    expect(list.blockList().every((block) => !Array.isArray(block))).toBe(true);
  });

  it("stops visiting when the visitor returns false", () => {
    const list = new OrderedList<Entry, number>(compare, { blockSize: 2 });
    for (let k = 0; k < 20; k++) list.upsert(k, () => ({ key: k, value: String(k) }));
    const seen: number[] = [];
    list.forEachInRange(3, 20, ({ key }) => (seen.push(key), seen.length < 4));
    expect(seen).toEqual([3, 4, 5, 6]);
  });
});
