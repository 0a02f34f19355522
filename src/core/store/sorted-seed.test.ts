import { describe, expect, it } from "vitest";
import { MetadataProjection } from "./metadata-projection.js";
import { PACKED_BLOCK_ROWS, latin1IsLowerCase, packSortedSeed } from "./packed-rows.js";
import { sortedSeedOf } from "./sorted-seed.js";

const entries = [
  { key: "zeta", value: "eg==" },
  { key: "Alpha", value: "QQ==" },
  { key: "mü", value: "bQ==" },
  { key: "a\u4e2d", value: "YQ==" },
];

describe("sorted seed", () => {
  it("seeds a projection as the same entries in seed order do", () => {
    const at = new Date(0);
    const fromSorted = new MetadataProjection();
    fromSorted.seed(sortedSeedOf(entries), 7, at);
    const fromList = new MetadataProjection();
    fromList.seed(entries, 7, at);
    const rows = (projection: MetadataProjection) => [...projection.all()].map(({ key, storedValue, sequence }) => ({ key, storedValue, sequence }));
    expect(rows(fromSorted)).toEqual(rows(fromList));
    expect(rows(fromSorted).map(({ sequence }) => sequence)).toEqual([9, 11, 10, 8]);
  });

  it("reads each row's value from the values in entry order", () => {
    const many = Array.from({ length: PACKED_BLOCK_ROWS * 2 + 5 }, (_, i) => ({ key: `k${(i * 37) % 1000}`, value: Buffer.from(`v${i}`).toString("base64") }));
    const byKey = new Map(many.map(({ key, value }) => [key, value]));
    const blocks = packSortedSeed(sortedSeedOf(many), 0, new Date(0));
    const rows = blocks.flatMap((block) => Array.from({ length: block.length }, (_, i) => block.itemAt(i)));
    expect(rows.map(({ key }) => key)).toEqual([...byKey.keys()].sort());
    for (const row of rows) expect(row.storedValue).toBe(byKey.get(row.key));
  });

  it("tells a Latin-1 key text lower-cased already exactly when toLowerCase leaves it as it is", () => {
    for (let c = 0; c < 256; c++) {
      const text = `key.${String.fromCharCode(c)}\n`;
      expect(latin1IsLowerCase(Buffer.from(text, "latin1"))).toBe(text.toLowerCase() === text);
    }
  });
});
