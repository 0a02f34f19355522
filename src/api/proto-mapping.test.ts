import { timestampDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { toProtoDetails } from "./proto-mapping.js";

describe("toProtoDetails", () => {
  it("converts a creation date equal to the change date once, into one Timestamp for both", () => {
    const details = toProtoDetails({ sequence: 3, creationDate: new Date(1_700_000_000_123), changeDate: new Date(1_700_000_000_123), resourceOwner: "500" });
    expect(details.changeDate).toBe(details.creationDate);
    expect(timestampDate(details.changeDate as never).toISOString()).toBe("2023-11-14T22:13:20.123Z");
  });

  it("converts a later change date on its own", () => {
    const details = toProtoDetails({ sequence: 4, creationDate: new Date(1_000), changeDate: new Date(2_000), resourceOwner: "500" });
    expect(timestampDate(details.creationDate as never).getTime()).toBe(1_000);
    expect(timestampDate(details.changeDate as never).getTime()).toBe(2_000);
  });

  it("carries only the date an operation fills", () => {
    expect(toProtoDetails({ sequence: 5, changeDate: new Date(2_000), resourceOwner: "500" })).toMatchObject({ creationDate: undefined });
    expect(toProtoDetails({ sequence: 5, creationDate: new Date(2_000), resourceOwner: "500" })).toMatchObject({ changeDate: undefined });
  });
});
