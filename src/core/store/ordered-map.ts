/**
 * A sorted map that knows the rank of every key: entries live in sorted blocks of a few hundred,
 * with the rank where each block starts. So "how many keys lie between a and b" is two binary
 * searches (no walk over the matches), the entry at a rank is found directly, and an insert moves at
 * most one block's entries. Keys and values sit in plain arrays (no node object per entry).
 * sorted-btree, used before, keeps no counts, so a count there walks every match (decision 008).
 */
export class OrderedMap<K, V> {
  private readonly keyBlocks: K[][] = [[]];
  private readonly valueBlocks: V[][] = [[]];
  /** starts[b]: rank of block b's first entry; valid for b < validStarts. */
  private readonly starts: number[] = [0];
  private validStarts = 1;
  private count = 0;

  constructor(
    private readonly compare: (a: K, b: K) => number,
    private readonly blockSize = 256,
  ) {}

  get size(): number {
    return this.count;
  }

  get(key: K): V | undefined {
    const b = this.blockFor(key);
    const keys = this.keyBlocks[b]!;
    const i = this.lowerBoundIn(keys, key);
    return i < keys.length && this.compare(keys[i]!, key) === 0 ? this.valueBlocks[b]![i] : undefined;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /** Inserts or replaces. */
  set(key: K, value: V): void {
    this.upsert(key, () => value);
  }

  /** Inserts `make(undefined)`, or replaces an existing value with `make(existing)`: one search. */
  upsert(key: K, make: (existing: V | undefined) => V): void {
    const b = this.blockFor(key);
    const keys = this.keyBlocks[b]!;
    const values = this.valueBlocks[b]!;
    const i = this.lowerBoundIn(keys, key);
    if (i < keys.length && this.compare(keys[i]!, key) === 0) {
      values[i] = make(values[i]);
      return;
    }
    const value = make(undefined);
    if (i === keys.length) {
      keys.push(key);
      values.push(value);
    } else {
      keys.splice(i, 0, key);
      values.splice(i, 0, value);
    }
    this.count++;
    if (keys.length > 2 * this.blockSize) {
      this.keyBlocks.splice(b + 1, 0, keys.splice(this.blockSize));
      this.valueBlocks.splice(b + 1, 0, values.splice(this.blockSize));
    }
    this.invalidateFrom(b + 1);
  }

  delete(key: K): boolean {
    const b = this.blockFor(key);
    const keys = this.keyBlocks[b]!;
    const i = this.lowerBoundIn(keys, key);
    if (i >= keys.length || this.compare(keys[i]!, key) !== 0) return false;
    keys.splice(i, 1);
    this.valueBlocks[b]!.splice(i, 1);
    this.count--;
    if (keys.length === 0 && this.keyBlocks.length > 1) {
      this.keyBlocks.splice(b, 1);
      this.valueBlocks.splice(b, 1);
      this.starts.length = this.keyBlocks.length;
    }
    this.invalidateFrom(b);
    return true;
  }

  /** How many keys are smaller than `key`: the rank `key` has or would have. */
  rank(key: K): number {
    const b = this.blockFor(key);
    return this.startOf(b) + this.lowerBoundIn(this.keyBlocks[b]!, key);
  }

  /**
   * Visits entries in key order from rank `from` (inclusive) to `to` (exclusive) until `visit`
   * returns false.
   */
  forEachInRange(from: number, to: number, visit: (key: K, value: V) => boolean | void): void {
    if (from >= to || from >= this.count) return;
    let b = this.blockAtRank(from);
    let i = from - this.startOf(b);
    for (let rank = from; rank < to && b < this.keyBlocks.length; b++, i = 0) {
      const keys = this.keyBlocks[b]!;
      const values = this.valueBlocks[b]!;
      for (; i < keys.length && rank < to; i++, rank++) {
        if (visit(keys[i]!, values[i]!) === false) return;
      }
    }
  }

  /** The first block whose last key is >= key (the last block when every key is smaller). */
  private blockFor(key: K): number {
    let lo = 0;
    let hi = this.keyBlocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const keys = this.keyBlocks[mid]!;
      if (this.compare(keys[keys.length - 1]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lowerBoundIn(keys: readonly K[], key: K): number {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.compare(keys[mid]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private invalidateFrom(block: number): void {
    if (block < this.validStarts) this.validStarts = Math.max(1, block);
  }

  private startOf(block: number): number {
    for (; this.validStarts <= block; this.validStarts++) {
      const previous = this.validStarts - 1;
      this.starts[this.validStarts] = this.starts[previous]! + this.keyBlocks[previous]!.length;
    }
    return this.starts[block]!;
  }

  /** The block holding rank `rank` (< size). */
  private blockAtRank(rank: number): number {
    this.startOf(this.keyBlocks.length - 1);
    let lo = 0;
    let hi = this.keyBlocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= rank) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
