import { BTree } from "./btree.js";
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
const compareLowerKeys = (a: LowerKey, b: LowerKey): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

/**
 * The readable metadata state of one organization, reduced from its events. Rows are kept in key
 * order, with a second index on the lower-cased key for the *_IGNORE_CASE searches.
 */
export class MetadataProjection {
  private readonly byKey = new BTree<string, MetadataRow>();
  private readonly byLowerKey = new BTree<LowerKey, MetadataRow>(undefined, compareLowerKeys);

  reduce(event: OrgEvent): void {
    if (event.type === "org.metadata.set") {
      const existing = this.byKey.get(event.key);
      const row: MetadataRow = {
        key: event.key,
        value: event.value,
        creationDate: existing?.creationDate ?? event.createdAt,
        changeDate: event.createdAt,
        sequence: event.sequence,
      };
      this.byKey.set(event.key, row);
      this.byLowerKey.set([event.key.toLowerCase(), event.key], row);
    } else if (event.type === "org.metadata.removed") {
      this.byKey.delete(event.key);
      this.byLowerKey.delete([event.key.toLowerCase(), event.key]);
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
  *all(): IterableIterator<MetadataRow> {
    yield* this.byKey.values();
  }

  /** Rows whose key starts with `prefix`, key ascending: O(log n + matches). */
  *withPrefix(prefix: string): IterableIterator<MetadataRow> {
    for (const [key, row] of this.byKey.entries(prefix)) {
      if (!key.startsWith(prefix)) return;
      yield row;
    }
  }

  /** Rows whose lower-cased key starts with `lowerPrefix`, in lower-cased key order. */
  *withLowerPrefix(lowerPrefix: string): IterableIterator<MetadataRow> {
    for (const [[lower], row] of this.byLowerKey.entries([lowerPrefix, ""])) {
      if (!lower.startsWith(lowerPrefix)) return;
      yield row;
    }
  }
}
