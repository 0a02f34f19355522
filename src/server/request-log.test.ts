import { describe, expect, it } from "vitest";
import { redactQuery } from "./request-log.js";

describe("redactQuery", () => {
  it("replaces the values of credential parameters and keeps the rest", () => {
    expect(redactQuery("/debug/healthz?access_token=eyJhbGc.x.y&lang=de")).toBe("/debug/healthz?access_token=REDACTED&lang=de");
    expect(redactQuery("/x?Client_Secret=s3cr3t&code=abc&id_token=t")).toBe("/x?Client_Secret=REDACTED&code=REDACTED&id_token=REDACTED");
    expect(redactQuery("/x?%61ccess_token=t")).toBe("/x?%61ccess_token=REDACTED");
  });

  it("leaves paths without a query, and other parameters, as they are", () => {
    expect(redactQuery("/management/v1/metadata/access_token")).toBe("/management/v1/metadata/access_token");
    expect(redactQuery("/x?limit=10&%E0%A4=1&flag")).toBe("/x?limit=10&%E0%A4=1&flag");
  });
});
