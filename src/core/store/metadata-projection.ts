import { type KeyOrder, compareKeys, keyOrder } from "./key-order.js";
import { type KeyText, KeyTexts } from "./key-text.js";
import { OrderedList } from "./ordered-list.js";
import type { OrgEvent } from "./org-events.js";
import { type SortedSeed, columnsOfSortedSeed, isSortedSeed } from "./sorted-seed.js";
import { type StoredValue, bytesOf, storedValueOf } from "./stored-value.js";

/** A row of ZITADEL's `projections.org_metadata2`. */
export interface MetadataRow {
  readonly key: string;
  /** The key lower-cased (the *_IGNORE_CASE searches compare it). */
  readonly lowerKey: string;
  /** The value's bytes: a new array on every read. */
  readonly value: Uint8Array;
  /** The value as the store keeps it (standard base64, padded). */
  readonly storedValue: StoredValue;
  /** Set on insert only: survives updates, reset by a remove. */
  readonly creationDate: Date;
  readonly changeDate: Date;
  readonly sequence: number;
}

/**
 * One row: its key twice (as written and lower-cased, the same string when the key is lower case
 * already) and the value as text, so a row is one small object and its strings (decision 026).
 */
class Row implements MetadataRow {
  constructor(
    readonly key: string,
    readonly lowerKey: string,
    readonly storedValue: StoredValue,
    readonly sequence: number,
    readonly creationDate: Date,
    readonly changeDate: Date,
  ) {}

  get value(): Uint8Array {
    return bytesOf(this.storedValue);
  }
}

/** What the lower-cased index is searched by: a lower-cased key, then the key. */
interface LowerKeyProbe {
  readonly lowerKey: string;
  readonly key: string;
}

const byKey = (row: Row, key: string): number => compareKeys(row.key, key);
const byLowerKey = (row: LowerKeyProbe, probe: LowerKeyProbe): number => compareKeys(row.lowerKey, probe.lowerKey) || compareKeys(row.key, probe.key);

/** A key's lower-cased form, sharing the key's string where it is lower case already. */
const lowerOf = (key: string): string => {
  const lower = key.toLowerCase();
  return lower === key ? key : lower;
};

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
  /** `keyOrder(keys)`, when the caller has it already (the fixture loader sorts for its duplicate check). */
  readonly keyOrder?: KeyOrder;
}

/** What a seed's entries may come as: a list, columns, or sorted byte columns (decision 035). */
export type SeedRows = readonly SeedEntry[] | SeedColumns | SortedSeed;

/** Entries as columns (columns as they are). */
export const seedColumns = (entries: SeedRows): SeedColumns => {
  if (isEntryList(entries)) return { keys: entries.map(({ key }) => key), values: entries.map(({ value }) => value) };
  return isSortedSeed(entries) ? columnsOfSortedSeed(entries) : entries;
};

const isEntryList = (entries: SeedRows): entries is readonly SeedEntry[] => Array.isArray(entries);

/**
 * The rows of a projection in both orders, taken in O(n) with no copy of a row: rows never change
 * (an update is a new row), so a snapshot stays true whatever happens to the projection after.
 */
export interface ProjectionSnapshot {
  readonly byKey: readonly MetadataRow[];
  readonly byLowerKey: readonly MetadataRow[];
}

/**
 * The readable metadata state of one organization, reduced from its events. Rows are kept in key
 * order, with a second index on the lower-cased key for the *_IGNORE_CASE searches; both count
 * (ranks), so the rows matching a prefix are counted without being visited.
 */
export class MetadataProjection {
  private readonly keyTexts = new KeyTexts<Row>();
  private readonly byKey = new OrderedList<Row, string>(byKey, 256, (block) => this.keyTexts.forget(block));
  private readonly byLowerKey = new OrderedList<Row, LowerKeyProbe>(byLowerKey);
  /** The snapshot last restored, while no event has changed the rows since (so it is the state). */
  private restored: ProjectionSnapshot | undefined;

  reduce(event: OrgEvent): void {
    this.restored = undefined;
    if (event.type === "org.metadata.set") {
      let row: Row | undefined;
      this.byKey.upsert(event.key, (existing) => {
        row = new Row(event.key, existing?.lowerKey ?? lowerOf(event.key), storedValueOf(event.value), event.sequence, existing?.creationDate ?? event.createdAt, event.createdAt);
        return row;
      });
      this.byLowerKey.upsert(row!, () => row!);
    } else if (event.type === "org.metadata.removed") {
      const row = this.byKey.get(event.key);
      if (row && this.byKey.delete(event.key)) this.byLowerKey.delete(row);
    }
  }

  /**
   * Replaces every row with `entries`, each set in turn by an event of the sequences following
   * `lastSequence`, all at `at`: the rows that many reduced events would leave (a key set twice ends
   * with its last value), built in bulk: rows are made in key order (one sort of the indices, none
   * for entries in key order), no insert one by one.
   */
  seed(entries: SeedRows, lastSequence: number, at: Date): void {
    const { keys, values, keyOrder: given } = seedColumns(entries);
    const order = given ?? keyOrder(keys);
    const rows: Row[] = [];
    let lowerCase = true;
    for (let r = 0; r < order.length; r++) {
      const i = order[r]!;
      const key = keys[i]!;
      // Of equal keys (in index order), the last set wins.
      if (r + 1 < order.length && keys[order[r + 1]!] === key) continue;
      const value = values[i]!;
      const row = new Row(key, lowerOf(key), typeof value === "string" ? value : storedValueOf(value), lastSequence + i + 1, at, at);
      if (row.lowerKey !== key) lowerCase = false;
      rows.push(row);
    }
    // Keys already in lower case (the common case) are in lower-cased key order already.
    const lowerOrder = lowerCase ? rows.slice() : [...rows].sort(byLowerKey);
    this.restore({ byKey: rows, byLowerKey: lowerOrder });
  }

  /** The rows in both orders (see ProjectionSnapshot). */
  snapshot(): ProjectionSnapshot {
    return this.restored ?? { byKey: this.byKey.toArray(), byLowerKey: this.byLowerKey.toArray() };
  }

  /** Back to the rows of a snapshot (of this or another projection). */
  restore(snapshot: ProjectionSnapshot): void {
    this.byKey.loadSorted(snapshot.byKey as Row[]);
    this.byLowerKey.loadSorted(snapshot.byLowerKey as Row[]);
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
    return {
      from: this.byLowerKey.rank({ lowerKey: lowerPrefix, key: "" }),
      to: end === "" ? this.size : this.byLowerKey.rank({ lowerKey: end, key: "" }),
    };
  }

  /** The ranks, in lower-cased key order, of the keys whose lower-cased form is `lower`. */
  lowerKeyRange(lower: string): RowRange {
    return { from: this.byLowerKey.rank({ lowerKey: lower, key: "" }), to: this.byLowerKey.rank({ lowerKey: `${lower}\u0000`, key: "" }) };
  }

  /** Visits the rows of a key-ordered range until `visit` returns false. */
  forEachInKeyRange(range: RowRange, visit: (row: MetadataRow) => boolean | void): void {
    this.byKey.forEachInRange(range.from, range.to, visit);
  }

  /** Visits the rows of a range of the lower-cased index until `visit` returns false. */
  forEachInLowerKeyRange(range: RowRange, visit: (row: MetadataRow, lowerKey: string) => boolean | void): void {
    this.byLowerKey.forEachInRange(range.from, range.to, (row) => visit(row, row.lowerKey));
  }

  /**
   * Every row in key order, as the key texts of its blocks (their keys, or with `lower` their
   * lower-cased keys): what a CONTAINS or ENDS_WITH search scans. Built on first use, kept until
   * a write changes the block.
   */
  keyTextBlocks(lower: boolean): readonly KeyText<MetadataRow>[] {
    return this.keyTexts.of(this.byKey.blockArrays(), lower);
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
