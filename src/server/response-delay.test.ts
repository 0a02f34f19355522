import { describe, expect, it } from "vitest";
import { parseDelay, pickDelayMs } from "./response-delay.js";

describe("--delay", () => {
  it("reads a fixed delay and a range", () => {
    expect(parseDelay("250")).toEqual({ minMs: 250, maxMs: 250 });
    expect(parseDelay("100-800")).toEqual({ minMs: 100, maxMs: 800 });
  });

  it("refuses text that is not milliseconds, and a range that ends before it starts", () => {
    expect(() => parseDelay("fast")).toThrow(/milliseconds/);
    expect(() => parseDelay("-5")).toThrow(/milliseconds/);
    expect(() => parseDelay("800-100")).toThrow(/ends before it starts/);
  });

  it("picks delays inside the range, both ends included", () => {
    const picks = new Set(Array.from({ length: 2000 }, () => pickDelayMs({ minMs: 3, maxMs: 5 })));
    expect([...picks].sort()).toEqual([3, 4, 5]);
  });
});
