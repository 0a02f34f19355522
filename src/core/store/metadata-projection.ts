import { type KeyOrder, compareKeys, keyOrder } from "./key-order.js";
import { type KeyText, KeyTexts } from "./key-text.js";
import { type MetadataRow, Row, lowerOf } from "./metadata-row.js";
import { ListSnapshot, OrderedList } from "./ordered-list.js";
import type { OrgEvent } from "./org-events.js";
import { type PackedRows, PackedRowsBuilder, packRows, packSortedSeed } from "./packed-rows.js";
import { type SortedSeed, isSortedSeed } from "./sorted-seed.js";
import { type StoredValue, storedValueOf } from "./stored-value.js";

export type { MetadataRow } from "./metadata-row.js";

/** What the lower-cased index is searched by: a lower-cased key, then the key. */
interface LowerKeyProbe {
  readonly lowerKey: string;
  readonly key: string;
}

const byKey = (row: Row, key: string): number => compareKeys(row.key, key);
const byLowerKey = (row: LowerKeyProbe, probe: LowerKeyProbe): number => compareKeys(row.lowerKey, probe.lowerKey) || compareKeys(row.key, probe.key);

/** The smallest string greater than every string that starts with `prefix` ("" when there is none). */
const prefixEnd = (prefix: string): string => {
  let end = prefix;
  while (end.length > 0 && end.charCodeAt(end.length - 1) === 0xffff) end = end.slice(0, -1);
  return end.length === 0 ? "" : end.slice(0, -1) + String.fromCharCode(end.charCodeAt(end.length - 1) + 1);
};

/** A run of rows in one index: ranks [from, to). */
export interface RowRange {
  readonly from: number;
  readonly to: number;
}

/** One key of a seed: set in this order, each by its own event. */
export interface SeedEntry {
  readonly key: string;
  /** The bytes, or their stored form (see isStoredValue). */
  readonly value: Uint8Array | StoredValue;
}

/**
 * A seed's entries as columns: entry i is (keys[i], values[i]), set in index order. A million
 * entries cost two arrays, not a million objects (decision 032).
 */
export interface SeedColumns {
  readonly keys: readonly string[];
  readonly values: readonly (Uint8Array | StoredValue)[];
  /** `keyOrder(keys)`, when the caller has it already (bench/seed-store.ts; the fixture loader now hands over a SortedSeed). */
  readonly keyOrder?: KeyOrder;
}

/** What a seed's entries may come as: a list, columns, or sorted byte columns (decision 035). */
export type SeedRows = readonly SeedEntry[] | SeedColumns | SortedSeed;

/** Entries as columns (columns as they are); a sorted seed is not (see MetadataProjection.seed). */
export const seedColumns = (entries: readonly SeedEntry[] | SeedColumns): SeedColumns =>
  isEntryList(entries) ? { keys: entries.map(({ key }) => key), values: entries.map(({ value }) => value) } : entries;

const isEntryList = (entries: SeedRows): entries is readonly SeedEntry[] => Array.isArray(entries);

/** How many entries (set events) a seed holds, repeated keys included. */
export const seedEntryCount = (entries: SeedRows): number =>
  isEntryList(entries) ? entries.length : isSortedSeed(entries) ? entries.entryIndex.length : entries.keys.length;

/**
 * The rows of a projection in both orders, taken in O(blocks) (packed blocks are shared, blocks of
 * row objects copied, no row copied): rows never change (an update is a new row), so a snapshot
 * stays true whatever happens to the projection after. Iterating `byKey` gives the rows in key order;
 * `byLowerKey` is absent while every key is lower case (the key order is the lower-cased one then).
 */
export interface ProjectionSnapshot {
  readonly byKey: ListSnapshot<MetadataRow, PackedRows>;
  readonly byLowerKey: ListSnapshot<MetadataRow, PackedRows> | undefined;
}

/** Columns as packed blocks in key order: of equal keys (in index order), the last set wins. */
const packColumns = ({ keys, values, keyOrder: given }: SeedColumns, lastSequence: number, at: Date): PackedRows[] => {
  const order = given ?? keyOrder(keys);
  const packed = new PackedRowsBuilder();
  const add = (i: number): void => {
    const value = values[i]!;
    packed.add(keys[i]!, typeof value === "string" ? value : storedValueOf(value), lastSequence + i + 1, at, at);
  };
  // Each key is read once (the columns are in seed order, so reading them in key order jumps around
  // memory); a row is added when the next key differs, so of equal keys the last is.
  let pending = order.length > 0 ? order[0]! : -1;
  let pendingKey = pending === -1 ? "" : keys[pending]!;
  for (let r = 1; r < order.length; r++) {
    const i = order[r]!;
    const key = keys[i]!;
    if (key !== pendingKey) add(pending);
    pending = i;
    pendingKey = key;
  }
  if (pending !== -1) add(pending);
  return packed.finish();
};

/**
 * The lower-cased index of packed blocks in key order: none when no key has upper case (the common
 * case: the orders agree), else the rows packed again in (lower-cased key, key) order.
 */
const lowerIndexOf = (blocks: readonly PackedRows[]): ListSnapshot<MetadataRow, PackedRows> | undefined => {
  if (blocks.every((block) => block.lower === block)) return undefined;
  return new ListSnapshot(packRows([...new ListSnapshot<Row, PackedRows>(blocks)].sort(byLowerKey)));
};

/**
 * The readable metadata state of one organization, reduced from its events. Rows are kept in key
 * order, with a second index on the lower-cased key for the *_IGNORE_CASE searches once some key
 * has upper case (until then the key order is that order); both count (ranks), so the rows matching
 * a prefix are counted without being visited. Rows stay packed (decision 035) until a write reaches
 * their block, and a written block is packed again once other blocks were written.
 */
export class MetadataProjection {
  private readonly keyTexts = new KeyTexts<Row>();
  private readonly byKey: OrderedList<Row, string, PackedRows>;
  /** The lower-cased index: none while every key is lower case (made when a key with upper case is set). */
  private byLowerKey: OrderedList<Row, LowerKeyProbe, PackedRows> | undefined;
  private readonly keepUnpacked: number | undefined;
  /** The snapshot last restored, while no event has changed the rows since (so it is the state). */
  private restored: ProjectionSnapshot | undefined;

  /** `keepUnpacked`: how many blocks written last each index keeps as row objects (see OrderedList). */
  constructor({ keepUnpacked }: { readonly keepUnpacked?: number } = {}) {
    this.keepUnpacked = keepUnpacked;
    this.byKey = new OrderedList(byKey, {
      changed: (block) => this.keyTexts.forget(block),
      comparePacked: (block, i, key) => block.compareKeyAt(i, key),
      pack: packRows,
      ...(keepUnpacked === undefined ? {} : { keepUnpacked }),
    });
  }

  private newLowerKeyList(): OrderedList<Row, LowerKeyProbe, PackedRows> {
    return new OrderedList(byLowerKey, {
      comparePacked: (block, i, probe) => block.compareLowerAt(i, probe.lowerKey, probe.key),
      pack: packRows,
      ...(this.keepUnpacked === undefined ? {} : { keepUnpacked: this.keepUnpacked }),
    });
  }

  reduce(event: OrgEvent): void {
    this.restored = undefined;
    if (event.type === "org.metadata.set") {
      const lowerKey = lowerOf(event.key);
      // The first key with upper case: the lower-cased order departs from the key order (the same until now).
      if (this.byLowerKey === undefined && lowerKey !== event.key) this.byLowerKey = this.newLowerKeyList().loadBlocks(this.byKey.snapshot().blocks);
      let row: Row | undefined;
      this.byKey.upsert(event.key, (existing) => {
        row = new Row(event.key, lowerKey, storedValueOf(event.value), event.sequence, existing?.creationDate ?? event.createdAt, event.createdAt);
        return row;
      });
      this.byLowerKey?.upsert(row!, () => row!);
    } else if (event.type === "org.metadata.removed") {
      const row = this.byKey.get(event.key);
      if (row && this.byKey.delete(event.key)) this.byLowerKey?.delete(row);
    }
  }

  /**
   * Replaces every row with `entries`, each set in turn by an event of the sequences following
   * `lastSequence`, all at `at`: the rows that many reduced events would leave (a key set twice ends
   * with its last value), built in bulk as packed blocks: a sorted seed is decoded block by block
   * from its bytes, columns are packed in key order (one sort of the indices, none for entries in
   * key order). No row object is made. Gives the number of entries (events) seeded.
   */
  seed(entries: SeedRows, lastSequence: number, at: Date): number {
    const blocks = isSortedSeed(entries) ? packSortedSeed(entries, lastSequence, at) : packColumns(seedColumns(entries), lastSequence, at);
    this.restore({ byKey: new ListSnapshot(blocks), byLowerKey: lowerIndexOf(blocks) });
    return seedEntryCount(entries);
  }

  /** The rows in both orders (see ProjectionSnapshot). */
  snapshot(): ProjectionSnapshot {
    return this.restored ?? { byKey: this.byKey.snapshot(), byLowerKey: this.byLowerKey?.snapshot() };
  }

  /** Back to the rows of a snapshot (of this or another projection). */
  restore(snapshot: ProjectionSnapshot): void {
    this.byKey.loadBlocks(snapshot.byKey.blocks as readonly (readonly Row[] | PackedRows)[]);
    this.byLowerKey = snapshot.byLowerKey && this.newLowerKeyList().loadBlocks(snapshot.byLowerKey.blocks as readonly (readonly Row[] | PackedRows)[]);
    this.restored = snapshot;
  }

  get(key: string): MetadataRow | undefined {
    return this.byKey.get(key);
  }

  has(key: string): boolean {
    return this.byKey.get(key) !== undefined;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Every row, key ascending. */
  all(): IterableIterator<MetadataRow> {
    return this.inKeyRange({ from: 0, to: this.size });
  }

  /** Rows whose key starts with `prefix`, key ascending. */
  withPrefix(prefix: string): IterableIterator<MetadataRow> {
    return this.inKeyRange(this.prefixRange(prefix));
  }

  /** Rows whose lower-cased key starts with `lowerPrefix`, in lower-cased key order. */
  withLowerPrefix(lowerPrefix: string): IterableIterator<MetadataRow> {
    return this.inLowerKeyRange(this.lowerPrefixRange(lowerPrefix));
  }

  /** The key-ordered ranks of the keys starting with `prefix`: O(log n). */
  prefixRange(prefix: string): RowRange {
    const end = prefixEnd(prefix);
    return { from: this.byKey.rank(prefix), to: end === "" ? this.size : this.byKey.rank(end) };
  }

  /** The ranks, in lower-cased key order, of the keys whose lower-cased form starts with `lowerPrefix`. */
  lowerPrefixRange(lowerPrefix: string): RowRange {
    const end = prefixEnd(lowerPrefix);
    return { from: this.lowerRank(lowerPrefix), to: end === "" ? this.size : this.lowerRank(end) };
  }

  /** The ranks, in lower-cased key order, of the keys whose lower-cased form is `lower`. */
  lowerKeyRange(lower: string): RowRange {
    return { from: this.lowerRank(lower), to: this.lowerRank(`${lower}\u0000`) };
  }

  /** How many keys have a lower-cased form smaller than `lower`. */
  private lowerRank(lower: string): number {
    // With every key in lower case, a key is its lower-cased form.
    return this.byLowerKey ? this.byLowerKey.rank({ lowerKey: lower, key: "" }) : this.byKey.rank(lower);
  }

  /** Visits the rows of a key-ordered range until `visit` returns false. */
  forEachInKeyRange(range: RowRange, visit: (row: MetadataRow) => boolean | void): void {
    this.byKey.forEachInRange(range.from, range.to, visit);
  }

  /** Visits the rows of a range of the lower-cased index until `visit` returns false. */
  forEachInLowerKeyRange(range: RowRange, visit: (row: MetadataRow, lowerKey: string) => boolean | void): void {
    (this.byLowerKey ?? this.byKey).forEachInRange(range.from, range.to, (row) => visit(row, row.lowerKey));
  }

  /**
   * Every row in key order, as the key texts of its blocks (their keys, or with `lower` their
   * lower-cased keys): what a CONTAINS or ENDS_WITH search scans. Built on first use, kept until
   * a write changes the block.
   */
  keyTextBlocks(lower: boolean): readonly KeyText<MetadataRow>[] {
    return this.keyTexts.of(this.byKey.blockList(), lower);
  }

  private *inKeyRange(range: RowRange): IterableIterator<MetadataRow> {
    const rows: MetadataRow[] = [];
    this.forEachInKeyRange(range, (row) => void rows.push(row));
    yield* rows;
  }

  private *inLowerKeyRange(range: RowRange): IterableIterator<MetadataRow> {
    const rows: MetadataRow[] = [];
    this.forEachInLowerKeyRange(range, (row) => void rows.push(row));
    yield* rows;
  }
}
