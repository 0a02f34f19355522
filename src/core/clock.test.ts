import { describe, expect, it } from "vitest";
import { steppingClock } from "./clock.js";

describe("steppingClock", () => {
  it("stops at the last instant a Timestamp carries instead of running past it", () => {
    const clock = steppingClock(new Date("9999-12-31T23:59:59Z"), 1000);
    expect(clock().toISOString()).toBe("9999-12-31T23:59:59.000Z");
    expect(clock().toISOString()).toBe("9999-12-31T23:59:59.999Z");
    expect(clock().toISOString()).toBe("9999-12-31T23:59:59.999Z");
  });
});

describe("steppingClock's mark", () => {
  it("puts the clock back to where it stood when marked", () => {
    const clock = steppingClock(new Date("2025-01-01T00:00:00Z"), 1000);
    clock();
    const rewind = clock.mark();
    expect(clock().toISOString()).toBe("2025-01-01T00:00:01.000Z");
    expect(clock().toISOString()).toBe("2025-01-01T00:00:02.000Z");
    rewind();
    expect(clock().toISOString()).toBe("2025-01-01T00:00:01.000Z");
  });
});
