import { describe, expect, it } from "vitest";
import { MetadataProjection } from "./metadata-projection.js";
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
});
