import type { MetadataProjection, MetadataRow } from "../store/metadata-projection.js";
import { type KeyQuery, TextQueryMethod, matchesKeyQuery } from "./text-query.js";

export interface MetadataSearch {
  readonly queries: readonly KeyQuery[];
  readonly offset: number;
  /** Already resolved: 1..1000. */
  readonly limit: number;
}

export interface MetadataPage {
  /** Matches before paging; 0 when the page is empty (ZITADEL counts with COUNT(*) OVER ()). */
  readonly totalResult: number;
  readonly rows: readonly MetadataRow[];
}

/**
 * Candidate rows for the most selective indexed query, so EQUALS and STARTS_WITH (and their
 * IGNORE_CASE forms) cost O(log n + matches); CONTAINS and ENDS_WITH alone scan every key.
 */
const candidates = (projection: MetadataProjection, queries: readonly KeyQuery[]): Iterable<MetadataRow> => {
  const rank = (q: KeyQuery): number =>
    [TextQueryMethod.Equals, TextQueryMethod.StartsWith, TextQueryMethod.EqualsIgnoreCase, TextQueryMethod.StartsWithIgnoreCase].indexOf(
      q.method as 0 | 1 | 2 | 3,
    );
  const driver = queries
    .filter((q) => rank(q) >= 0)
    .sort((a, b) => rank(a) - rank(b) || b.key.length - a.key.length)[0];
  if (!driver) return projection.all();
  switch (driver.method) {
    case TextQueryMethod.Equals: {
      const row = projection.get(driver.key);
      return row ? [row] : [];
    }
    case TextQueryMethod.StartsWith:
      return projection.withPrefix(driver.key);
    default:
      // Lower-cased index order differs from key order: sort the (usually few) matches by key.
      return [...projection.withLowerPrefix(driver.key.toLowerCase())].sort((a, b) =>
        a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
      );
  }
};

/** Rows matching every query (AND), key ascending, then offset/limit. */
export const searchMetadata = (projection: MetadataProjection, search: MetadataSearch): MetadataPage => {
  const matches: MetadataRow[] = [];
  for (const row of candidates(projection, search.queries)) {
    if (search.queries.every((q) => matchesKeyQuery(row.key, q))) matches.push(row);
  }
  const rows = matches.slice(search.offset, search.offset + search.limit);
  return { totalResult: rows.length === 0 ? 0 : matches.length, rows };
};
