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
