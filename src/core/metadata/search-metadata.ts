import type { MetadataProjection, MetadataRow, RowRange } from "../store/metadata-projection.js";
import { scanKeyTexts } from "./scan-key-texts.js";
import { type KeyQuery, TextQueryMethod, ignoresCase, keyMatcher } from "./text-query.js";

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
 * Up to this many case-insensitive matches are sorted into key order; past it, the page is found by
 * walking the key order (the matches are then plentiful, so the walk stops early).
 */
const SORT_AT_MOST = 4096;

const INDEXED: readonly TextQueryMethod[] = [
  TextQueryMethod.Equals,
  TextQueryMethod.StartsWith,
  TextQueryMethod.EqualsIgnoreCase,
  TextQueryMethod.StartsWithIgnoreCase,
];

/** The most selective indexed query: EQUALS, then STARTS_WITH, longest key first. */
const driverOf = (queries: readonly KeyQuery[]): KeyQuery | undefined =>
  queries
    .filter((q) => INDEXED.includes(q.method))
    .sort((a, b) => INDEXED.indexOf(a.method) - INDEXED.indexOf(b.method) || b.key.length - a.key.length)[0];

const byKey = (a: MetadataRow, b: MetadataRow): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Counts the rows that pass, keeping only those at positions [offset, offset + limit). */
class PageCollector {
  total = 0;
  readonly rows: MetadataRow[] = [];
  constructor(private readonly search: MetadataSearch) {}
  add(row: MetadataRow): void {
    if (this.total >= this.search.offset && this.rows.length < this.search.limit) this.rows.push(row);
    this.total++;
  }
  get full(): boolean {
    return this.rows.length >= this.search.limit;
  }
  page(total = this.total): MetadataPage {
    return { totalResult: this.rows.length === 0 ? 0 : total, rows: this.rows };
  }
}

/**
 * Rows matching every query (AND), key ascending, then offset/limit. EQUALS and STARTS_WITH (and
 * their IGNORE_CASE forms) are answered from the ordered indexes: alone, they are counted from the
 * ranks and only the page is visited; with further queries, the index range is walked. CONTAINS and
 * ENDS_WITH alone scan every key, as block texts (scanKeyTexts). No search keeps more than its page.
 */
export const searchMetadata = (projection: MetadataProjection, search: MetadataSearch): MetadataPage => {
  const { queries } = search;
  const driver = driverOf(queries);
  const others = queries.filter((q) => q !== driver);
  const tests = others.map(keyMatcher);
  const passes = tests.length === 0 ? () => true : tests.length === 1 ? tests[0]! : (row: MetadataRow): boolean => tests.every((test) => test(row));
  const collector = new PageCollector(search);

  if (!driver) {
    const [scanned, ...rest] = queries;
    if (scanned === undefined) return keyOrderedPage(projection, { from: 0, to: projection.size }, true, passes, search);
    // CONTAINS / ENDS_WITH: the first is scanned for in the key texts, the rest test its hits.
    const restTests = rest.map(keyMatcher);
    const restPass = restTests.length === 0 ? undefined : (row: MetadataRow): boolean => restTests.every((test) => test(row));
    const { total, rows } = scanKeyTexts(projection.keyTextBlocks(ignoresCase(scanned.method)), scanned, restPass, search.offset, search.limit);
    return { totalResult: rows.length === 0 ? 0 : total, rows };
  }
  switch (driver.method) {
    case TextQueryMethod.Equals: {
      const row = projection.get(driver.key);
      if (row && passes(row)) collector.add(row);
      return collector.page();
    }
    case TextQueryMethod.StartsWith:
      return keyOrderedPage(projection, projection.prefixRange(driver.key), others.length === 0, passes, search);
    default: {
      const lower = driver.key.toLowerCase();
      const range =
        driver.method === TextQueryMethod.EqualsIgnoreCase ? projection.lowerKeyRange(lower) : projection.lowerPrefixRange(lower);
      return caseInsensitivePage(projection, range, driver, others.length === 0, passes, search);
    }
  }
};

/** A range of the key order: counted from its ranks when nothing else filters it. */
const keyOrderedPage = (
  projection: MetadataProjection,
  range: RowRange,
  unfiltered: boolean,
  passes: (row: MetadataRow) => boolean,
  search: MetadataSearch,
): MetadataPage => {
  const collector = new PageCollector(search);
  if (unfiltered) {
    const from = range.from + search.offset;
    projection.forEachInKeyRange({ from, to: Math.min(range.to, from + search.limit) }, (row) => void collector.rows.push(row));
    return collector.page(range.to - range.from);
  }
  projection.forEachInKeyRange(range, (row) => {
    if (passes(row)) collector.add(row);
  });
  return collector.page();
};

/**
 * A range of the lower-cased index, answered in key order: few matches are sorted; many are counted
 * from the index (or by walking it when other queries filter) and the page is taken from the key order.
 */
const caseInsensitivePage = (
  projection: MetadataProjection,
  range: RowRange,
  driver: KeyQuery,
  unfiltered: boolean,
  passes: (row: MetadataRow) => boolean,
  search: MetadataSearch,
): MetadataPage => {
  let total = range.to - range.from;
  if (!unfiltered) {
    total = 0;
    projection.forEachInLowerKeyRange(range, (row) => void (passes(row) && total++));
  }
  if (total <= SORT_AT_MOST) {
    const matches: MetadataRow[] = [];
    projection.forEachInLowerKeyRange(range, (row) => void (passes(row) && matches.push(row)));
    const rows = matches.sort(byKey).slice(search.offset, search.offset + search.limit);
    return { totalResult: rows.length === 0 ? 0 : total, rows };
  }
  const collector = new PageCollector(search);
  const matchesDriver = keyMatcher(driver);
  projection.forEachInKeyRange({ from: 0, to: projection.size }, (row) => {
    if (matchesDriver(row) && passes(row)) collector.add(row);
    return !collector.full;
  });
  return collector.page(total);
};
