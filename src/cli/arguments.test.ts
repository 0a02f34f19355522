import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { dateTimeArgument } from "./arguments.js";

describe("dateTimeArgument (--clock)", () => {
  it("takes a date as midnight UTC, and a date and time at the zone it names", () => {
    expect(dateTimeArgument("2025-01-01").toISOString()).toBe("2025-01-01T00:00:00.000Z");
    expect(dateTimeArgument("2025-06-30T23:59:59.5Z").toISOString()).toBe("2025-06-30T23:59:59.500Z");
    expect(dateTimeArgument(" 2025-01-01T09:00:00-02:30 ").toISOString()).toBe("2025-01-01T11:30:00.000Z");
  });

  it("refuses a local time, a date that does not exist and anything else", () => {
    for (const value of ["2025-01-01T09:00:00", "2025-02-30T00:00:00Z", "2025-01-01T25:00:00Z", "yesterday", "1735722000", ""]) {
      expect(() => dateTimeArgument(value), value).toThrow(InvalidArgumentError);
    }
  });
});
