/**
 * A sorted list that knows the rank of every item: items live in sorted blocks of a few hundred,
 * with the rank where each block starts. So "how many items lie between a and b" is two binary
 * searches (no walk over the matches), the item at a rank is found directly, and an insert moves at
 * most one block's items. Items are looked up by a probe (`compare(item, probe)`), so an item that
 * carries its own key (a row) is stored once, with no key array or node object beside it.
 * A list is built in bulk from sorted items in one pass (`fromSorted`), and its items come out in
 * one pass (`toArray`): that is how a seeded state is loaded and restored (decision 026). Its blocks
 * can be read as they are (`blockArrays`), and `changed` hears of every block a write changes in
 * place, so a scan can keep what it derives from a block until then.
 * sorted-btree, used before, keeps no counts, so a count there walks every match (decision 008).
 */
export class OrderedList<T, P> {
  private blocks: T[][] = [[]];
  /** starts[b]: rank of block b's first item; valid for b < validStarts. */
  private starts: number[] = [0];
  private validStarts = 1;
  private count = 0;

  constructor(
    private readonly compare: (item: T, probe: P) => number,
    private readonly blockSize = 256,
    /** Called with a block array before a write changes it in place. */
    private readonly changed: (block: readonly T[]) => void = () => {},
  ) {}

  /** Replaces the items with `sorted` (ascending, no two equal), which the list does not keep. */
  loadSorted(sorted: readonly T[]): this {
    this.blocks = [];
    for (let from = 0; from < sorted.length; from += this.blockSize) this.blocks.push(sorted.slice(from, from + this.blockSize));
    if (this.blocks.length === 0) this.blocks.push([]);
    this.starts = [0];
    this.validStarts = 1;
    this.count = sorted.length;
    return this;
  }

  get size(): number {
    return this.count;
  }

  get(probe: P): T | undefined {
    const b = this.blockFor(probe);
    const items = this.blocks[b]!;
    const i = this.lowerBoundIn(items, probe);
    return i < items.length && this.compare(items[i]!, probe) === 0 ? items[i] : undefined;
  }

  /** Inserts `make(undefined)`, or replaces an existing item with `make(existing)`: one search. */
  upsert(probe: P, make: (existing: T | undefined) => T): void {
    const b = this.blockFor(probe);
    const items = this.blocks[b]!;
    const i = this.lowerBoundIn(items, probe);
    this.changed(items);
    if (i < items.length && this.compare(items[i]!, probe) === 0) {
      items[i] = make(items[i]);
      return;
    }
    const item = make(undefined);
    if (i === items.length) items.push(item);
    else items.splice(i, 0, item);
    this.count++;
    if (items.length > 2 * this.blockSize) this.blocks.splice(b + 1, 0, items.splice(this.blockSize));
    this.invalidateFrom(b + 1);
  }

  delete(probe: P): boolean {
    const b = this.blockFor(probe);
    const items = this.blocks[b]!;
    const i = this.lowerBoundIn(items, probe);
    if (i >= items.length || this.compare(items[i]!, probe) !== 0) return false;
    this.changed(items);
    items.splice(i, 1);
    this.count--;
    if (items.length === 0 && this.blocks.length > 1) {
      this.blocks.splice(b, 1);
      this.starts.length = this.blocks.length;
    }
    this.invalidateFrom(b);
    return true;
  }

  /** How many items are smaller than `probe`: the rank it has or would have. */
  rank(probe: P): number {
    const b = this.blockFor(probe);
    return this.startOf(b) + this.lowerBoundIn(this.blocks[b]!, probe);
  }

  /** Visits items in order from rank `from` (inclusive) to `to` (exclusive) until `visit` returns false. */
  forEachInRange(from: number, to: number, visit: (item: T) => boolean | void): void {
    if (from >= to || from >= this.count) return;
    let b = this.blockAtRank(from);
    let i = from - this.startOf(b);
    for (let rank = from; rank < to && b < this.blocks.length; b++, i = 0) {
      const items = this.blocks[b]!;
      for (; i < items.length && rank < to; i++, rank++) {
        if (visit(items[i]!) === false) return;
      }
    }
  }

  /** The items in order, as the blocks that hold them (see `changed`); not to be changed. */
  blockArrays(): readonly (readonly T[])[] {
    return this.blocks;
  }

  /** Every item, in order, as one new array. */
  toArray(): T[] {
    const items = new Array<T>(this.count);
    let i = 0;
    for (const block of this.blocks) for (const item of block) items[i++] = item;
    return items;
  }

  /** The first block whose last item is >= probe (the last block when every item is smaller). */
  private blockFor(probe: P): number {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const items = this.blocks[mid]!;
      if (this.compare(items[items.length - 1]!, probe) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lowerBoundIn(items: readonly T[], probe: P): number {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.compare(items[mid]!, probe) < 0) lo = mid + 1;
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
      this.starts[this.validStarts] = this.starts[previous]! + this.blocks[previous]!.length;
    }
    return this.starts[block]!;
  }

  /** The block holding rank `rank` (< size). */
  private blockAtRank(rank: number): number {
    this.startOf(this.blocks.length - 1);
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= rank) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
