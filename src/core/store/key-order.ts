/**
 * The order of metadata keys in the store: UTF-16 code units, as JavaScript compares strings (and
 * as ZITADEL's Postgres collation "C" orders ASCII keys). One comparison for every index, the bulk
 * seed and the fixture loader's duplicate check, so that they agree.
 */
export const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Indices of a key array in key order: made only by keyOrder, for the array it was given. */
export type KeyOrder = readonly number[] & { readonly __keyOrder: true };

/** Whether no key is smaller than the one before it. */
const inKeyOrder = (keys: readonly string[]): boolean => {
  for (let i = 1; i < keys.length; i++) if (keys[i]! < keys[i - 1]!) return false;
  return true;
};

/**
 * The indices of `keys` in key order; of equal keys, the earlier index first (a stable sort). Keys
 * already in order (an exported state) cost one pass and no sort. Sorting indices, not entries,
 * builds no object per key; the caller makes its rows in that order.
 */
export const keyOrder = (keys: readonly string[]): KeyOrder => {
  const order = Array.from({ length: keys.length }, (_, i) => i);
  if (inKeyOrder(keys)) return order as number[] & KeyOrder;
  // One string comparison per call where the keys differ (the common case), not compareKeys' two.
  order.sort((a, b) => {
    const x = keys[a]!;
    const y = keys[b]!;
    return x < y ? -1 : x === y ? a - b : 1;
  });
  return order as number[] & KeyOrder;
};

/** Keys as code units back to back (one or two bytes each), key i ending at `ends[i]`: how a fixture's keys are read (decision 039). */
export interface KeyUnits {
  readonly units: Uint8Array | Uint16Array;
  readonly ends: Uint32Array;
  readonly count: number;
}

/** compareKeys of keys x and y of `keys`, comparing code units in place (no string made). */
export const compareKeyUnits = ({ units, ends }: KeyUnits, x: number, y: number): number => {
  let p = x === 0 ? 0 : ends[x - 1]!;
  let q = y === 0 ? 0 : ends[y - 1]!;
  const pEnd = ends[x]!;
  const qEnd = ends[y]!;
  for (; p < pEnd && q < qEnd; p++, q++) {
    const d = units[p]! - units[q]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return p < pEnd ? 1 : q < qEnd ? -1 : 0;
};

/**
 * keyOrder of keys given as code units: the indices in key order, of equal keys the earlier first.
 * Keys already in order cost one pass and no sort.
 */
export const keyUnitsOrder = (keys: KeyUnits): KeyOrder => {
  const order = Array.from({ length: keys.count }, (_, i) => i);
  let sorted = true;
  for (let i = 1; i < keys.count && sorted; i++) sorted = compareKeyUnits(keys, i - 1, i) <= 0;
  if (!sorted) order.sort((x, y) => compareKeyUnits(keys, x, y) || x - y);
  return order as number[] & KeyOrder;
};
