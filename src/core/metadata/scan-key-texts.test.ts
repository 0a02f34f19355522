import { describe, expect, it } from "vitest";
import { MetadataProjection } from "../store/metadata-projection.js";
import { searchMetadata } from "./search-metadata.js";
import { type KeyQuery, TextQueryMethod as M, matchesKeyQuery } from "./text-query.js";

/** CONTAINS / ENDS_WITH searches scan block texts (scanKeyTexts): they must give what testing every key gives. */

let sequence = 0;
const createdAt = new Date("2025-01-01T00:00:00Z");
const set = (projection: MetadataProjection, key: string): void =>
  projection.reduce({ type: "org.metadata.set", key, value: new Uint8Array([1]), sequence: ++sequence, createdAt });
const remove = (projection: MetadataProjection, key: string): void =>
  projection.reduce({ type: "org.metadata.removed", key, sequence: ++sequence, createdAt });

/** Keys that hold the texts' separator, upper case that lower-cases to another length, and plain ones. */
const TRICKY = ["a\nb", "a\n", "\nb", "x\n7", "ΣΑΣ", "İstanbul", "KEY_7", "key_7", "b7", "7", "a_1\n_1", "ab"];

const expectSameAsEveryKey = (projection: MetadataProjection, keys: readonly string[], queries: KeyQuery[]): void => {
  const matches = [...keys].sort().filter((key) => queries.every((query) => matchesKeyQuery(key, query)));
  for (const [offset, limit] of [[0, 1000], [0, 2], [3, 5], [matches.length, 10]] as const) {
    const page = searchMetadata(projection, { queries, offset, limit });
    const rows = matches.slice(offset, offset + limit);
    expect({ total: page.totalResult, keys: page.rows.map((row) => row.key) }, JSON.stringify(queries)).toEqual({ total: rows.length === 0 ? 0 : matches.length, keys: rows });
  }
};

const QUERIES: KeyQuery[][] = [
  ...["\n", "a\n", "\nb", "7", "_7", "b", "", "σας", "i̇stan", "ab", "_1"].flatMap((text) =>
    [M.Contains, M.ContainsIgnoreCase, M.EndsWith, M.EndsWithIgnoreCase].map((method) => [{ key: text, method }]),
  ),
  [{ key: "7", method: M.EndsWith }, { key: "key", method: M.ContainsIgnoreCase }],
];

describe("CONTAINS and ENDS_WITH over the key texts", () => {
  it("match inside one key only, also for keys and queries holding the separator", () => {
    const projection = new MetadataProjection();
    for (const key of TRICKY) set(projection, key);
    for (const queries of QUERIES) expectSameAsEveryKey(projection, TRICKY, queries);
  });

  it("see writes and removes made after a search (a block's text is rebuilt when the block changes)", () => {
    const projection = new MetadataProjection();
    const keys = new Set<string>();
    // Enough keys for several blocks; each round changes some of them between searches.
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 700; i++) {
        const key = `${["k", "K", "x"][(i + round) % 3]}${(i * 7 + round * 131) % 1500}${i % 5 === 0 ? "_7" : ""}`;
        if ((i + round) % 4 === 0 && keys.has(key)) {
          remove(projection, key);
          keys.delete(key);
        } else {
          set(projection, key);
          keys.add(key);
        }
      }
      for (const queries of [[{ key: "_7", method: M.EndsWith }], [{ key: "k1", method: M.ContainsIgnoreCase }], [{ key: "3", method: M.Contains }]]) {
        expectSameAsEveryKey(projection, [...keys], queries);
      }
    }
  });

  it("see a seeded state and a restored snapshot", () => {
    const projection = new MetadataProjection();
    projection.seed(TRICKY.map((key) => ({ key, value: "AQ==" })), 0, createdAt);
    const seeded = projection.snapshot();
    expectSameAsEveryKey(projection, TRICKY, [{ key: "7", method: M.EndsWith }]);
    set(projection, "new_7");
    expectSameAsEveryKey(projection, [...TRICKY, "new_7"], [{ key: "7", method: M.EndsWith }]);
    projection.restore(seeded);
    expectSameAsEveryKey(projection, TRICKY, [{ key: "7", method: M.EndsWith }]);
  });
});
