import { describe, expect, it } from "vitest";
import { MetadataProjection, type MetadataRow } from "../store/metadata-projection.js";
import { type MetadataSearch, searchMetadata } from "./search-metadata.js";
import { type KeyQuery, TextQueryMethod as M, matchesKeyQuery } from "./text-query.js";

/** ListOrgMetadata's filtering and paging (reference §3.4 SearchOrgMetadata, §3.5, §3.6). */

const projectionWith = (keys: Iterable<string>): MetadataProjection => {
  const projection = new MetadataProjection();
  let sequence = 0;
  const createdAt = new Date("2025-01-01T00:00:00Z");
  for (const key of keys) projection.reduce({ type: "org.metadata.set", key, value: new Uint8Array([1]), sequence: ++sequence, createdAt });
  return projection;
};

const search = (projection: MetadataProjection, queries: KeyQuery[], paging: Partial<Omit<MetadataSearch, "queries">> = {}) =>
  searchMetadata(projection, { queries, offset: paging.offset ?? 0, limit: paging.limit ?? 1000 });
const keysOf = (page: { rows: readonly MetadataRow[] }): string[] => page.rows.map((row) => row.key);
const q = (key: string, method: M = M.Equals): KeyQuery => ({ key, method });

const KEYS = ["key2.2", "b", "key1", "Key3", "key2", "key2.1", "KEY_4", "a", "a%b", "a_b", "axb"];
const small = projectionWith(KEYS);

describe("searchMetadata: filtering", () => {
  it("returns every row in key order without queries", () => {
    const page = search(small, []);
    expect(keysOf(page)).toEqual([...KEYS].sort());
    expect(page.totalResult).toBe(KEYS.length);
  });

  it("AND-combines several queries", () => {
    expect(keysOf(search(small, [q("key", M.StartsWith), q("1", M.EndsWith)]))).toEqual(["key1", "key2.1"]);
    expect(keysOf(search(small, [q("key", M.StartsWith), q("1", M.EndsWith), q("2", M.Contains)]))).toEqual(["key2.1"]);
    expect(keysOf(search(small, [q("KEY", M.StartsWithIgnoreCase), q("_", M.Contains)]))).toEqual(["KEY_4"]);
    expect(keysOf(search(small, [q("key1"), q("key2")]))).toEqual([]);
  });

  it("applies every query, not only the one that picks the candidates", () => {
    // EQUALS drives the lookup; the STARTS_WITH_IGNORE_CASE query must still be checked.
    expect(keysOf(search(small, [q("key1"), q("x", M.StartsWithIgnoreCase)]))).toEqual([]);
    // STARTS_WITH drives; the EQUALS_IGNORE_CASE query must still be checked.
    expect(keysOf(search(small, [q("key", M.StartsWith), q("KEY2.2", M.EqualsIgnoreCase)]))).toEqual(["key2.2"]);
    // the longer of two STARTS_WITH prefixes drives; the shorter must still hold.
    expect(keysOf(search(small, [q("key2.", M.StartsWith), q("kex", M.StartsWith)]))).toEqual([]);
  });

  it("treats % and _ literally", () => {
    expect(keysOf(search(small, [q("a%", M.StartsWith)]))).toEqual(["a%b"]);
    expect(keysOf(search(small, [q("a_", M.StartsWithIgnoreCase)]))).toEqual(["a_b"]);
    expect(keysOf(search(small, [q("a_b")]))).toEqual(["a_b"]);
  });

  it("orders by key also when a case-insensitive query picks the candidates", () => {
    const mixed = projectionWith(["b", "B", "a", "A", "ab", "Ab", "aB"]);
    expect(keysOf(search(mixed, [q("a", M.StartsWithIgnoreCase)]))).toEqual(["A", "Ab", "a", "aB", "ab"]);
    expect(keysOf(search(mixed, [q("AB", M.EqualsIgnoreCase)]))).toEqual(["Ab", "aB", "ab"]);
    expect(keysOf(search(mixed, [q("", M.StartsWithIgnoreCase)]))).toEqual(["A", "Ab", "B", "a", "aB", "ab", "b"]);
  });

  it("finds nothing in an empty projection", () => {
    expect(search(new MetadataProjection(), [])).toEqual({ totalResult: 0, rows: [] });
  });
});

describe("searchMetadata: paging and totals", () => {
  const sorted = [...KEYS].sort();

  it("applies offset and limit after filtering", () => {
    const page = search(small, [q("key2", M.StartsWith)], { offset: 1, limit: 2 });
    expect(keysOf(page)).toEqual(["key2.1", "key2.2"]);
    expect(page.totalResult).toBe(3);
  });

  it("counts all matches before paging in totalResult", () => {
    const page = search(small, [], { offset: 2, limit: 3 });
    expect(keysOf(page)).toEqual(sorted.slice(2, 5));
    expect(page.totalResult).toBe(KEYS.length);
  });

  it("returns a short last page", () => {
    const page = search(small, [], { offset: KEYS.length - 2, limit: 5 });
    expect(keysOf(page)).toEqual(sorted.slice(-2));
    expect(page.totalResult).toBe(KEYS.length);
  });

  it("reports totalResult 0 for a page past the end (ZITADEL's COUNT(*) OVER () sees no rows)", () => {
    expect(search(small, [], { offset: KEYS.length })).toEqual({ totalResult: 0, rows: [] });
    expect(search(small, [q("key2", M.StartsWith)], { offset: 3 })).toEqual({ totalResult: 0, rows: [] });
    expect(search(small, [], { offset: Number.MAX_SAFE_INTEGER })).toEqual({ totalResult: 0, rows: [] });
  });
});

describe("searchMetadata over 100,000 keys visits only the matching rows for EQUALS and STARTS_WITH", () => {
  const N = 100_000;
  const key = (i: number): string => `k${String(i).padStart(6, "0")}`;
  const big = projectionWith(Array.from({ length: N }, (_, i) => key(i)));

  /** Wraps the projection's reads and counts the rows they hand out. */
  const instrument = (projection: MetadataProjection) => {
    const visits = { rows: 0, fullScans: 0 };
    const counting =
      <A extends unknown[]>(read: (...args: A) => Iterable<MetadataRow>) =>
      function* (...args: A): Generator<MetadataRow, undefined, undefined> {
        for (const row of read(...args)) {
          visits.rows++;
          yield row;
        }
        return undefined;
      };
    const view = Object.create(projection) as MetadataProjection;
    view.all = function* () {
      visits.fullScans++;
      yield* counting(() => projection.all())();
    };
    view.withPrefix = counting((prefix: string) => projection.withPrefix(prefix));
    view.withLowerPrefix = counting((prefix: string) => projection.withLowerPrefix(prefix));
    view.get = (k: string) => {
      const row = projection.get(k);
      if (row) visits.rows++;
      return row;
    };
    return { view, visits };
  };

  it("has the 100,000 rows", () => {
    expect(big.size).toBe(N);
  });

  it.each<[string, KeyQuery[], number]>([
    ["EQUALS", [q(key(54_321))], 1],
    ["EQUALS without a match", [q("k1000000")], 0],
    ["STARTS_WITH", [q("k0999", M.StartsWith)], 100],
    ["STARTS_WITH a single key", [q(key(12_345), M.StartsWith)], 1],
    ["STARTS_WITH_IGNORE_CASE", [q("K0123", M.StartsWithIgnoreCase)], 100],
    ["EQUALS_IGNORE_CASE", [q("K054321", M.EqualsIgnoreCase)], 1],
    ["STARTS_WITH combined with CONTAINS and ENDS_WITH", [q("5", M.EndsWith), q("k0777", M.StartsWith), q("77", M.Contains)], 100],
  ])("%s", (_case, queries, visited) => {
    const { view, visits } = instrument(big);
    const page = search(view, queries);
    const expected = [...big.all()].filter((row) => queries.every((query) => matchesKeyQuery(row.key, query)));
    expect(keysOf(page)).toEqual(keysOf({ rows: expected }));
    expect(page.totalResult).toBe(expected.length);
    expect(visits.fullScans).toBe(0);
    expect(visits.rows).toBeLessThanOrEqual(visited);
  });

  it("counts the total without visiting more than the matches when paging", () => {
    const { view, visits } = instrument(big);
    const page = search(view, [q("k01", M.StartsWith)], { offset: 5, limit: 3 });
    expect(keysOf(page)).toEqual([key(10_005), key(10_006), key(10_007)]);
    expect(page.totalResult).toBe(10_000);
    expect(visits.fullScans).toBe(0);
    expect(visits.rows).toBeLessThanOrEqual(10_000);
  });

  it("still finds CONTAINS and ENDS_WITH matches anywhere among the 100,000 rows", () => {
    expect(keysOf(search(big, [q("54321", M.Contains)]))).toEqual([key(54_321)]);
    expect(keysOf(search(big, [q("99999", M.EndsWith)]))).toEqual([key(99_999)]);
    expect(search(big, [q("000", M.EndsWithIgnoreCase)]).totalResult).toBe(100);
  });
});

describe("searchMetadata: many matches", () => {
  // Mixed case, more matches than are sorted in memory, so the page comes from the key order.
  const manyKeys = Array.from({ length: 6000 }, (_, i) => `${["tenant", "Tenant", "TENANT", "other"][i % 4]}.${String(i * 7919 % 6000).padStart(4, "0")}`);
  const many = projectionWith(manyKeys);
  const bruteForce = (queries: KeyQuery[], offset: number, limit: number) => {
    const matches = [...manyKeys].sort().filter((key) => queries.every((query) => matchesKeyQuery(key, query)));
    const rows = matches.slice(offset, offset + limit);
    return { total: rows.length === 0 ? 0 : matches.length, rows };
  };

  it.each([
    ["STARTS_WITH, counted from the index", [q("tenant.", M.StartsWith)]],
    ["STARTS_WITH_IGNORE_CASE, many matches", [q("tenant.", M.StartsWithIgnoreCase)]],
    ["STARTS_WITH_IGNORE_CASE, few matches", [q("TENANT.00", M.StartsWithIgnoreCase)]],
    ["EQUALS_IGNORE_CASE", [q("tenant.0001", M.EqualsIgnoreCase)]],
    ["STARTS_WITH and CONTAINS", [q("Tenant.", M.StartsWith), q("1", M.Contains)]],
    ["STARTS_WITH_IGNORE_CASE and ENDS_WITH", [q("TENANT", M.StartsWithIgnoreCase), q("7", M.EndsWith)]],
    ["CONTAINS alone", [q("00", M.Contains)]],
    ["ENDS_WITH_IGNORE_CASE alone", [q("9", M.EndsWithIgnoreCase)]],
    ["CONTAINS_IGNORE_CASE and ENDS_WITH", [q("ANT.1", M.ContainsIgnoreCase), q("3", M.EndsWith)]],
  ])("%s: the same page and total as filtering every key", (_name, queries) => {
    for (const [offset, limit] of [[0, 10], [7, 3], [1490, 20], [5999, 10]] as const) {
      const page = search(many, queries, { offset, limit });
      const expected = bruteForce(queries, offset, limit);
      expect({ total: page.totalResult, rows: keysOf(page) }).toEqual(expected);
    }
  });
});
