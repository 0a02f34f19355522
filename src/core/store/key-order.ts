/**
 * The order of metadata keys in the store: UTF-16 code units, as JavaScript compares strings (and
 * as ZITADEL's Postgres collation "C" orders ASCII keys). One comparison for every index and the
 * bulk seed. The fixture worker sorts code units in place (keyUnitsOrder) and checks duplicates
 * with sameUnits (sorted-fixture.ts): they give this order and equality, as their tests check.
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

/** Where item i of a column of back-to-back items starts, given each item's end (`ends`, as KeyUnits' and a seed's values). */
export const itemStart = (ends: Uint32Array, i: number): number => (i === 0 ? 0 : ends[i - 1]!);

/** compareKeys of keys x and y of `keys`, comparing code units in place (no string made). */
export const compareKeyUnits = ({ units, ends }: KeyUnits, x: number, y: number): number => {
  let p = itemStart(ends, x);
  let q = itemStart(ends, y);
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
 * Keys already in order cost one pass and no sort; up to PACKED_MAX_KEYS keys are sorted by
 * packedSort, more by the comparator.
 */
export const keyUnitsOrder = (keys: KeyUnits): Uint32Array => {
  const order = new Uint32Array(keys.count);
  for (let i = 0; i < keys.count; i++) order[i] = i;
  let sorted = true;
  for (let i = 1; i < keys.count && sorted; i++) sorted = compareKeyUnits(keys, i - 1, i) <= 0;
  if (sorted) return order;
  if (keys.count > PACKED_MAX_KEYS) return order.sort((x, y) => compareKeyUnits(keys, x, y) || x - y);
  packedSort(keys, order, 0, keys.count, 0, new Float64Array(keys.count));
  return order;
};

/**
 * The sort below packs a key's next code units and its index into one double (exact below 2^53):
 * 32 bits of units (four Latin-1 units or two UTF-16 ones), then INDEX_BITS of index. A native
 * typed-array sort of those numbers orders the keys by those units and, where equal, by index.
 */
const INDEX_BITS = 21;
const INDEX_SPAN = 2 ** INDEX_BITS;
/** More keys than this (one org) do not fit the index bits: sorted by the comparator instead. */
export const PACKED_MAX_KEYS = INDEX_SPAN;
/** A range this small is sorted by the comparator (a native sort per level costs more). */
const SMALL_RANGE = 16;

/** Key i's units from `depth` on (units past its end count 0), as many as fill 32 bits, as one number. */
const digitAt = ({ units, ends }: KeyUnits, i: number, depth: number, width: number): number => {
  const base = width === 4 ? 0x100 : 0x10000;
  const end = ends[i]!;
  let digit = 0;
  for (let p = itemStart(ends, i) + depth, k = 0; k < width; k++, p++) digit = digit * base + (p < end ? units[p]! : 0);
  return digit;
};

/**
 * Sorts `order[lo..hi)` (keys equal in their first `depth` units) into key order, of equal keys the
 * earlier index first: a most-significant-digit radix sort whose digits are 32 bits of units,
 * each level one native sort of packed numbers (`scratch` holds them). Units all keys of the range
 * share are skipped first (the generator's keys mostly start with "custom."). In a run of keys
 * with equal digits, the keys that end within the digit come first (each is a prefix of the longer
 * ones; among them, shorter first, then by index: equal keys end up side by side); the others are
 * sorted on from the next digit.
 */
const packedSort = (keys: KeyUnits, order: Uint32Array, lo: number, hi: number, depth: number, scratch: Float64Array): void => {
  if (hi - lo <= SMALL_RANGE) {
    order.subarray(lo, hi).sort((x, y) => compareKeyUnits(keys, x, y) || x - y);
    return;
  }
  const width = keys.units.BYTES_PER_ELEMENT === 1 ? 4 : 2;
  depth += sharedUnits(keys, order, lo, hi, depth);
  for (let k = lo; k < hi; k++) scratch[k] = digitAt(keys, order[k]!, depth, width) * INDEX_SPAN + order[k]!;
  scratch.subarray(lo, hi).sort();
  for (let k = lo; k < hi; k++) order[k] = scratch[k]! % INDEX_SPAN;
  for (let a = lo, b: number; a < hi; a = b) {
    const digit = Math.floor(scratch[a]! / INDEX_SPAN);
    for (b = a + 1; b < hi && Math.floor(scratch[b]! / INDEX_SPAN) === digit; b++);
    if (b - a > 1) sortRun(keys, order, a, b, depth + width, scratch);
  }
};

/**
 * Sorts `order[a..b)`, keys equal in their first `depth` units (units past a key's end counting 0):
 * the keys that end by `depth` first (each is a prefix of the longer ones; among them shorter first,
 * then by index, so equal keys end up side by side), then the others sorted on from `depth`. The
 * run comes in index order, so the partition keeps it.
 */
const sortRun = (keys: KeyUnits, order: Uint32Array, a: number, b: number, depth: number, scratch: Float64Array): void => {
  const { ends } = keys;
  const length = (i: number): number => ends[i]! - itemStart(ends, i);
  const ended: number[] = [];
  let going = a;
  for (let k = a; k < b; k++) {
    const i = order[k]!;
    if (length(i) <= depth) ended.push(i);
    else order[going++] = i;
  }
  if (ended.length > 0) {
    order.copyWithin(a + ended.length, a, going);
    order.set(ended.sort((x, y) => length(x) - length(y) || x - y), a);
  }
  if (b - a - ended.length > 1) packedSort(keys, order, a + ended.length, b, depth, scratch);
};

/** How many units from `depth` on every key of `order[lo..hi)` shares with the first (at most to the shortest's end). */
const sharedUnits = ({ units, ends }: KeyUnits, order: Uint32Array, lo: number, hi: number, depth: number): number => {
  const first = itemStart(ends, order[lo]!) + depth;
  let shared = ends[order[lo]!]! - first;
  for (let k = lo + 1; k < hi && shared > 0; k++) {
    const start = itemStart(ends, order[k]!) + depth;
    const length = Math.min(shared, ends[order[k]!]! - start);
    let n = 0;
    while (n < length && units[start + n] === units[first + n]) n++;
    shared = n;
  }
  return Math.max(shared, 0);
};
