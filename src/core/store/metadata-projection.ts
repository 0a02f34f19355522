import { OrderedMap } from "./ordered-map.js";
import type { OrgEvent } from "./org-events.js";

/** A row of ZITADEL's `projections.org_metadata2`. */
export interface MetadataRow {
  readonly key: string;
  readonly value: Uint8Array;
  /** Set on insert only: survives updates, reset by a remove. */
  readonly creationDate: Date;
  readonly changeDate: Date;
  readonly sequence: number;
}

type LowerKey = readonly [lower: string, key: string];

const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const compareLowerKeys = (a: LowerKey, b: LowerKey): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

/** `[key.toLowerCase(), key]`, sharing the key's string where it is lower case already. */
const lowerKeyOf = (key: string): LowerKey => {
  const lower = key.toLowerCase();
  return [lower === key ? key : lower, key];
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

/**
 * The readable metadata state of one organization, reduced from its events. Rows are kept in key
 * order, with a second index on the lower-cased key for the *_IGNORE_CASE searches; both count
 * (ranks), so the rows matching a prefix are counted without being visited.
 */
export class MetadataProjection {
  private readonly byKey = new OrderedMap<string, MetadataRow>(compareKeys);
  private readonly byLowerKey = new OrderedMap<LowerKey, MetadataRow>(compareLowerKeys);

  reduce(event: OrgEvent): void {
    if (event.type === "org.metadata.set") {
      let row: MetadataRow | undefined;
      this.byKey.upsert(event.key, (existing) => {
        row = {
          key: event.key,
          value: event.value,
          creationDate: existing?.creationDate ?? event.createdAt,
          changeDate: event.createdAt,
          sequence: event.sequence,
        };
        return row;
      });
      this.byLowerKey.set(lowerKeyOf(event.key), row!);
    } else if (event.type === "org.metadata.removed") {
      if (this.byKey.delete(event.key)) this.byLowerKey.delete(lowerKeyOf(event.key));
    }
  }

  get(key: string): MetadataRow | undefined {
    return this.byKey.get(key);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
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
    return { from: this.byLowerKey.rank([lowerPrefix, ""]), to: end === "" ? this.size : this.byLowerKey.rank([end, ""]) };
  }

  /** The ranks, in lower-cased key order, of the keys whose lower-cased form is `lower`. */
  lowerKeyRange(lower: string): RowRange {
    return { from: this.byLowerKey.rank([lower, ""]), to: this.byLowerKey.rank([`${lower}\u0000`, ""]) };
  }

  /** Visits the rows of a key-ordered range until `visit` returns false. */
  forEachInKeyRange(range: RowRange, visit: (row: MetadataRow) => boolean | void): void {
    this.byKey.forEachInRange(range.from, range.to, (_key, row) => visit(row));
  }

  /** Visits the rows of a range of the lower-cased index until `visit` returns false. */
  forEachInLowerKeyRange(range: RowRange, visit: (row: MetadataRow, lowerKey: string) => boolean | void): void {
    this.byLowerKey.forEachInRange(range.from, range.to, ([lower], row) => visit(row, lower));
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
