import { describe, expect, it } from "vitest";
import { keyOrder } from "./key-order.js";

describe("keyOrder", () => {
  it("orders indices by key (UTF-16 code units), equal keys by index", () => {
    expect(keyOrder(["b", "a", "B", "a", "\u{1F511}", "\uffff", "ab"])).toEqual([2, 1, 3, 6, 0, 4, 5]);
  });

  it("keeps keys already in order as they are", () => {
    expect(keyOrder(["a", "a", "b", "ba"])).toEqual([0, 1, 2, 3]);
  });
});
