/**
 * The order of metadata keys in the store: UTF-16 code units, as JavaScript compares strings (and
 * as ZITADEL's Postgres collation "C" orders ASCII keys). One comparison for every index, the bulk
 * seed and the fixture loader's duplicate check, so that they agree.
 */
export const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Whether `order` lists indices of `keys` with no key smaller than the one before it, equal keys by index. */
export const isKeyOrder = (keys: readonly string[], order: ArrayLike<number>): boolean => {
  if (order.length !== keys.length) return false;
  for (let r = 1; r < order.length; r++) {
    const previous = keys[order[r - 1]!];
    const key = keys[order[r]!];
    if (previous === undefined || key === undefined || key < previous || (key === previous && order[r]! < order[r - 1]!)) return false;
  }
  return true;
};

/**
 * The indices of `keys` in key order; of equal keys, the earlier index first (a stable sort). Keys
 * already in order (an exported state) cost one pass and no sort. Sorting indices, not entries,
 * builds no object per key; the caller makes its rows in that order.
 */
export const keyOrder = (keys: readonly string[]): number[] => {
  const order = Array.from({ length: keys.length }, (_, i) => i);
  if (isKeyOrder(keys, order)) return order;
  return order.sort((a, b) => compareKeys(keys[a]!, keys[b]!));
};
