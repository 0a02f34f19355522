import { describe, expect, it } from "vitest";
import { type KeyUnits, compareKeyUnits, compareKeys, keyOrder, keyUnitsOrder } from "./key-order.js";

describe("keyOrder", () => {
  it("orders indices by key (UTF-16 code units), equal keys by index", () => {
    expect(keyOrder(["b", "a", "B", "a", "\u{1F511}", "\uffff", "ab"])).toEqual([2, 1, 3, 6, 0, 4, 5]);
  });

  it("keeps keys already in order as they are", () => {
    expect(keyOrder(["a", "a", "b", "ba"])).toEqual([0, 1, 2, 3]);
  });
});

/** Keys as code units back to back, as the fixture scanner keeps them (one byte each when they fit). */
const unitsOf = (keys: readonly string[]): KeyUnits => {
  const text = keys.join("");
  const wide = [...text].some((char) => char.charCodeAt(0) > 0xff);
  const units = wide ? new Uint16Array(text.length) : new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  let end = 0;
  return { units, ends: Uint32Array.from(keys, (key) => (end += key.length)), count: keys.length };
};

describe("keyUnitsOrder (keys as code units, decision 039)", () => {
  const cases = [
    ["b", "a", "B", "a", "ab", "", "a\n", "é", "\u00ff"],
    ["b", "a", "B", "a", "\u{1F511}", "\uffff", "ab", "\u00e9"],
    ["a", "a", "b", "ba"],
    ["custom.pants_1003", "custom.deck_1031", "custom.pants_100", "custom.pants_1003x", "app.max_seats"],
  ];

  it.each(cases)("orders as keyOrder does the same keys as strings (%#)", (...keys) => {
    const units = unitsOf(keys);
    expect([...keyUnitsOrder(units)]).toEqual(keyOrder(keys));
    for (let x = 0; x < keys.length; x++) for (let y = 0; y < keys.length; y++) expect(compareKeyUnits(units, x, y)).toBe(compareKeys(keys[x]!, keys[y]!));
  });
});

describe("keyUnitsOrder on many keys (the packed radix sort, decision 039)", () => {
  /** A deterministic generator (mulberry32), so a failing case can be run again. */
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  /** `count` keys of pieces from `alphabet` (each piece one or more units), 0 to `maxPieces` pieces after `prefix`. */
  const keysOf = (seed: number, count: number, prefix: string, alphabet: readonly string[], maxPieces: number): string[] => {
    const next = random(seed);
    return Array.from({ length: count }, () => prefix + Array.from({ length: Math.floor(next() * (maxPieces + 1)) }, () => pick(next, alphabet)).join(""));
  };
  const expectSameOrder = (keys: readonly string[]): void => expect([...keyUnitsOrder(unitsOf(keys))]).toEqual(keyOrder(keys));

  it("orders random Latin-1 keys as keyOrder does", () => {
    expectSameOrder(keysOf(1, 3000, "", ["a", "b", "z", "_", ".", "0", "9", "é", "\u00ff"], 12));
  });

  it("orders random UTF-16 keys as keyOrder does (the two-byte column)", () => {
    expectSameOrder(keysOf(2, 3000, "", ["a", "b", "é", "\u0100", "\u4e2d", "\uffff", "\u{1F511}"], 8));
  });

  it("orders keys sharing a long prefix, or most of them one, as the generator writes them", () => {
    const custom = keysOf(3, 2000, "custom.", ["pants", "deck", "_", "1", "0", "3", "x"], 6);
    expectSameOrder([...custom, "support.tier", "app.max_seats", "custom.", "custom"]);
    expectSameOrder(keysOf(4, 2000, "x".repeat(40), ["a", "b"], 3));
  });

  it("orders keys that are prefixes of one another, or differ only in trailing zero units, as keyOrder does", () => {
    const prefixes = Array.from({ length: 40 }, (_, n) => "ab".repeat(n));
    const zeros = Array.from({ length: 40 }, (_, n) => "k" + "\0".repeat(n % 9) + (n % 3 ? "" : "\u0001"));
    expectSameOrder([...prefixes, ...prefixes.reverse(), ...zeros, ...zeros.slice().reverse()]);
    expectSameOrder([...zeros, "\u0100", ...zeros]);
  });

  it("puts equal keys side by side, the earlier index first", () => {
    const keys = keysOf(5, 3000, "custom.", ["a", "b"], 3);
    const order = keyUnitsOrder(unitsOf(keys));
    expect([...order]).toEqual(keyOrder(keys));
    for (let r = 1; r < order.length; r++) if (keys[order[r]!] === keys[order[r - 1]!]) expect(order[r]!).toBeGreaterThan(order[r - 1]!);
  });
});
