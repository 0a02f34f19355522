import { describe, expect, it } from "vitest";
import { TRANSPORT_IMPORT_STEPS, importTransports } from "./transport-imports.js";

describe("importTransports (decision 043)", () => {
  it("loads every step: a dependency the transports no longer have fails here, not silently", async () => {
    for (const step of TRANSPORT_IMPORT_STEPS) await expect(step()).resolves.toBeDefined();
  });

  it("gives the transports' module", async () => {
    const transports = await importTransports();
    expect(transports.createTransports).toBe((await import("./transports.js")).createTransports);
  });
});
