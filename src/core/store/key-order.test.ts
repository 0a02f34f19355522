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
    expect(keyUnitsOrder(units)).toEqual(keyOrder(keys));
    for (let x = 0; x < keys.length; x++) for (let y = 0; y < keys.length; y++) expect(compareKeyUnits(units, x, y)).toBe(compareKeys(keys[x]!, keys[y]!));
  });
});
