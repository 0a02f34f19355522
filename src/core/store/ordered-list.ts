/**
 * A block of items the list keeps packed (decision 035): immutable, so lists and snapshots share it;
 * an item is made when it is read, and the list unpacks the block into an array of its own before it
 * writes to it.
 */
export interface PackedBlock<T> {
  /** At least 1. */
  readonly length: number;
  /** Item i, made on the call. */
  itemAt(i: number): T;
}

/** The blocks of a list at one moment (see OrderedList.snapshot): its items, in order, when iterated. */
export class ListSnapshot<T, B extends PackedBlock<T>> implements Iterable<T> {
  constructor(readonly blocks: readonly (readonly T[] | B)[]) {}

  *[Symbol.iterator](): Iterator<T> {
    for (const block of this.blocks) {
      if (isArray(block)) yield* block;
      else for (let i = 0; i < block.length; i++) yield block.itemAt(i);
    }
  }
}

const isArray = <T, B>(block: readonly T[] | B): block is readonly T[] => Array.isArray(block);

/** How a list keeps its blocks (every field optional). */
export interface OrderedListOptions<T, P, B extends PackedBlock<T>> {
  /** Items per block: a block holds up to twice as many before it is split. */
  readonly blockSize?: number;
  /** Called with a block array before a write changes it in place. */
  readonly changed?: (block: readonly T[]) => void;
  /** compare(item i of a packed block, probe), without making the item. */
  readonly comparePacked?: (block: B, i: number, probe: P) => number;
  /** Packs a block of items (in order) into one or more blocks: when given, a block not written for a while is packed again. */
  readonly pack?: (items: readonly T[]) => readonly B[];
  /** How many block arrays written last stay unpacked (with `pack`). */
  readonly keepUnpacked?: number;
}

/**
 * A sorted list that knows the rank of every item: items live in sorted blocks of a few hundred,
 * with the rank where each block starts. So "how many items lie between a and b" is two binary
 * searches (no walk over the matches), the item at a rank is found directly, and an insert moves at
 * most one block's items. Items are looked up by a probe (`compare(item, probe)`), so an item that
 * carries its own key (a row) is stored once, with no key array or node object beside it.
 * A block is an array of items or a packed block (`comparePacked` compares its items in place), so a
 * seeded list holds no item objects until they are read or written (decision 035). A list is loaded
 * and snapshotted as blocks (`loadBlocks`, `snapshot`): packed blocks are shared, arrays copied.
 * Writes unpack a block; with `pack`, the list packs a block array again once `keepUnpacked` other
 * blocks have been written since it was (so written items end up packed as loaded ones, while a run
 * of writes to a few blocks does not pack and unpack them each time).
 * Its blocks can be read as they are (`blockList`), and `changed` hears of every block array a write
 * changes in place, so a scan can keep what it derives from a block until then.
 * sorted-btree, used before, keeps no counts, so a count there walks every match (decision 008).
 */
export class OrderedList<T, P, B extends PackedBlock<T> = PackedBlock<T>> {
  private blocks: (T[] | B)[] = [[]];
  /** starts[b]: rank of block b's first item; valid for b < validStarts. */
  private starts: number[] = [0];
  private validStarts = 1;
  private count = 0;
  /** Block arrays written since they were unpacked or made, the latest last (with `pack`). */
  private written: T[][] = [];
  private readonly blockSize: number;
  private readonly changed: (block: readonly T[]) => void;
  private readonly comparePacked: (block: B, i: number, probe: P) => number;
  private readonly pack: ((items: readonly T[]) => readonly B[]) | undefined;
  private readonly keepUnpacked: number;

  constructor(
    private readonly compare: (item: T, probe: P) => number,
    options: OrderedListOptions<T, P, B> = {},
  ) {
    this.blockSize = options.blockSize ?? 256;
    this.changed = options.changed ?? (() => {});
    this.comparePacked = options.comparePacked ?? ((block, i, probe) => compare(block.itemAt(i), probe));
    this.keepUnpacked = options.keepUnpacked ?? 32;
    // Keeping every written block unpacked is not packing any.
    this.pack = this.keepUnpacked === Infinity ? undefined : options.pack;
  }

  /** Replaces the items with `sorted` (ascending, no two equal), which the list does not keep. */
  loadSorted(sorted: readonly T[]): this {
    const blocks: T[][] = [];
    for (let from = 0; from < sorted.length; from += this.blockSize) blocks.push(sorted.slice(from, from + this.blockSize));
    return this.loadBlocks(blocks);
  }

  /**
   * Replaces the items with those of `blocks` (in order, none empty, no two items equal): packed
   * blocks are shared, arrays copied (the list never changes an array it was given).
   */
  loadBlocks(blocks: readonly (readonly T[] | B)[]): this {
    this.blocks = blocks.map((block) => (isArray(block) ? block.slice() : block));
    if (this.blocks.length === 0) this.blocks.push([]);
    this.written = [];
    this.starts = [0];
    this.validStarts = 1;
    this.count = blocks.reduce((count, block) => count + block.length, 0);
    return this;
  }

  /** The items now, as blocks no later write changes: O(blocks) plus a copy of the unpacked blocks. */
  snapshot(): ListSnapshot<T, B> {
    return new ListSnapshot(this.blocks.filter((block) => block.length > 0).map((block) => (isArray(block) ? block.slice() : block)));
  }

  get size(): number {
    return this.count;
  }

  get(probe: P): T | undefined {
    const block = this.blocks[this.blockFor(probe)]!;
    const i = this.lowerBoundIn(block, probe);
    if (i === block.length || this.compareAt(block, i, probe) !== 0) return undefined;
    return isArray(block) ? block[i] : block.itemAt(i);
  }

  /** Inserts `make(undefined)`, or replaces an existing item with `make(existing)`: one search. */
  upsert(probe: P, make: (existing: T | undefined) => T): void {
    const b = this.blockFor(probe);
    const items = this.unpacked(b);
    const i = this.lowerBoundIn(items, probe);
    this.changed(items);
    if (i < items.length && this.compare(items[i]!, probe) === 0) {
      items[i] = make(items[i]);
      this.wrote(items);
      return;
    }
    const item = make(undefined);
    if (i === items.length) items.push(item);
    else items.splice(i, 0, item);
    this.count++;
    const second = items.length > 2 * this.blockSize ? items.splice(this.blockSize) : undefined;
    if (second) this.blocks.splice(b + 1, 0, second);
    this.wrote(items);
    if (second) this.wrote(second);
    this.invalidateFrom(b + 1);
  }

  delete(probe: P): boolean {
    const b = this.blockFor(probe);
    const i = this.lowerBoundIn(this.blocks[b]!, probe);
    if (i >= this.blocks[b]!.length || this.compareAt(this.blocks[b]!, i, probe) !== 0) return false;
    const items = this.unpacked(b);
    this.changed(items);
    items.splice(i, 1);
    this.count--;
    if (items.length === 0 && this.blocks.length > 1) {
      this.blocks.splice(b, 1);
      this.starts.length = this.blocks.length;
    } else this.wrote(items);
    this.invalidateFrom(b);
    return true;
  }

  /** How many items are smaller than `probe`: the rank it has or would have (no packed block is unpacked). */
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
      const block = this.blocks[b]!;
      if (isArray(block)) {
        for (; i < block.length && rank < to; i++, rank++) if (visit(block[i]!) === false) return;
      } else {
        for (; i < block.length && rank < to; i++, rank++) if (visit(block.itemAt(i)) === false) return;
      }
    }
  }

  /** The items in order, as the blocks that hold them (see `changed`); not to be changed. */
  blockList(): readonly (readonly T[] | B)[] {
    return this.blocks;
  }

  /** Every item, in order, as one new array. */
  toArray(): T[] {
    return [...new ListSnapshot<T, B>(this.blocks)];
  }

  /** Block b as an array the list may change: a packed block is replaced by its items. */
  private unpacked(b: number): T[] {
    const block = this.blocks[b]!;
    if (isArray(block)) return block;
    const items = Array.from({ length: block.length }, (_, i) => block.itemAt(i));
    this.blocks[b] = items;
    return items;
  }

  /** Notes a write to a block array; packs the one written longest ago when more than keepUnpacked were. */
  private wrote(items: T[]): void {
    if (this.pack === undefined || this.written[this.written.length - 1] === items) return;
    const at = this.written.indexOf(items);
    if (at !== -1) this.written.splice(at, 1);
    this.written.push(items);
    if (this.written.length <= this.keepUnpacked) return;
    const oldest = this.written.shift()!;
    const b = this.blocks.indexOf(oldest);
    // A block emptied by deletes has left the list.
    if (b === -1 || oldest.length === 0) return;
    this.blocks.splice(b, 1, ...this.pack(oldest));
    this.invalidateFrom(b + 1);
  }

  private compareAt(block: readonly T[] | B, i: number, probe: P): number {
    return isArray(block) ? this.compare(block[i]!, probe) : this.comparePacked(block, i, probe);
  }

  /** The first block whose last item is >= probe (the last block when every item is smaller). */
  private blockFor(probe: P): number {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const block = this.blocks[mid]!;
      if (this.compareAt(block, block.length - 1, probe) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lowerBoundIn(block: readonly T[] | B, probe: P): number {
    let lo = 0;
    let hi = block.length;
    if (isArray(block)) {
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.compare(block[mid]!, probe) < 0) lo = mid + 1;
        else hi = mid;
      }
    } else {
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.comparePacked(block, mid, probe) < 0) lo = mid + 1;
        else hi = mid;
      }
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
