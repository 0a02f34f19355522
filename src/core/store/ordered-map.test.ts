import { describe, expect, it } from "vitest";
import { OrderedMap } from "./ordered-map.js";

/** The ordered map against a plain sorted model, through random inserts, updates and deletes. */
const compare = (a: number, b: number): number => a - b;

/** A small deterministic generator (mulberry32), so a failure repeats. */
const randomFrom = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const entriesOf = (map: OrderedMap<number, string>, from: number, to: number): [number, string][] => {
  const seen: [number, string][] = [];
  map.forEachInRange(from, to, (key, value) => void seen.push([key, value]));
  return seen;
};

describe("OrderedMap", () => {
  it.each([1, 2, 3])("matches a sorted model after random writes (seed %i)", (seed) => {
    const random = randomFrom(seed);
    const map = new OrderedMap<number, string>(compare, 4);
    const model = new Map<number, string>();
    for (let step = 0; step < 3000; step++) {
      const key = Math.floor(random() * 500);
      if (random() < 0.35) expect(map.delete(key)).toBe(model.delete(key));
      else {
        map.set(key, `v${step}`);
        model.set(key, `v${step}`);
      }
      if (step % 100 !== 0) continue;
      const sorted = [...model].sort(([a], [b]) => a - b);
      expect(map.size).toBe(sorted.length);
      expect(entriesOf(map, 0, map.size)).toEqual(sorted);
      const probe = Math.floor(random() * 520) - 10;
      expect(map.rank(probe)).toBe(sorted.filter(([k]) => k < probe).length);
      expect(map.get(probe)).toBe(model.get(probe));
      const from = Math.floor(random() * (sorted.length + 2));
      expect(entriesOf(map, from, from + 7)).toEqual(sorted.slice(from, from + 7));
    }
  });

  it("stops visiting when the visitor returns false", () => {
    const map = new OrderedMap<number, string>(compare, 2);
    for (let k = 0; k < 20; k++) map.set(k, String(k));
    const seen: number[] = [];
    map.forEachInRange(3, 20, (key) => (seen.push(key), seen.length < 4));
    expect(seen).toEqual([3, 4, 5, 6]);
  });
});
