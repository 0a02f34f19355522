import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { dateTimeArgument } from "./arguments.js";

describe("dateTimeArgument (--clock)", () => {
  it("takes years 1 to 99 as written, and refuses instants a protobuf Timestamp cannot carry", () => {
    expect(dateTimeArgument("0050-06-01").toISOString()).toBe("0050-06-01T00:00:00.000Z");
    expect(dateTimeArgument("9999-12-31T23:59:59Z").toISOString()).toBe("9999-12-31T23:59:59.000Z");
    for (const value of ["9999-12-31T23:00:00-02:00", "0001-01-01T00:30:00+01:00", "0000-01-01"]) {
      expect(() => dateTimeArgument(value), value).toThrow(/within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z/);
    }
  });

  it("takes a date as midnight UTC, and a date and time at the zone it names", () => {
    expect(dateTimeArgument("2025-01-01").toISOString()).toBe("2025-01-01T00:00:00.000Z");
    expect(dateTimeArgument("2025-06-30T23:59:59.5Z").toISOString()).toBe("2025-06-30T23:59:59.500Z");
    expect(dateTimeArgument(" 2025-01-01T09:00:00-02:30 ").toISOString()).toBe("2025-01-01T11:30:00.000Z");
  });

  it("refuses a local time, a date that does not exist and anything else", () => {
    for (const value of ["2025-01-01T09:00:00", "2025-02-30T00:00:00Z", "2025-01-01T25:00:00Z", "2025-01-01T24:00:00Z", "0100-02-29", "yesterday", "1735722000", ""]) {
      expect(() => dateTimeArgument(value), value).toThrow(InvalidArgumentError);
    }
  });
});
