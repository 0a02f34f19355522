/**
 * BulkSetOrgMetadata (`POST /metadata/_bulk`) and BulkRemoveOrgMetadata (`DELETE /metadata/_bulk`)
 * over REST, what the contract suite cannot assert against real ZITADEL: one event per entry (the
 * exact sequence steps and dates of the mock's clock, reference §3.3, §6), a DELETE without a body,
 * large lists, and the order of PGV checks inside an entry. What every transport shares (all or
 * nothing, ZITADEL's ids for empty lists and missing keys, last value wins) is asserted once, in
 * contract-tests/cases/bulk-{set,remove}.contract.test.ts, over REST and gRPC.
 */
import { describe, expect, it } from "vitest";
import {
  ORG,
  TOKEN,
  as,
  b64,
  detailsOf,
  expectOk,
  expectZitadelError,
  keysOf,
  metadataOf,
  mockPerFile,
  text,
} from "./support.js";

const { mock, time } = await mockPerFile();
const acme = as(mock, TOKEN.acmeOwner);

const seq = (value: string | undefined): number => Number(value);
/** Sets the key `probe` in ACME and returns the sequence of that event: the org's latest sequence. */
const lastAcmeSequence = async (): Promise<number> => seq(detailsOf(await acme.set("probe", "x")).sequence);

describe("BulkSetOrgMetadata", () => {
  it("sets every entry and answers the last event's sequence, changeDate and resourceOwner (no creationDate)", async () => {
    const before = await lastAcmeSequence();
    const at = time.set("2025-02-02T02:02:02.002Z");
    const res = await acme.bulkSet({ test1: "This is my first value", test2: "This is my second value", plan: "free" });
    expect(expectOk(res)).toEqual({ details: { sequence: String(before + 3), changeDate: at, resourceOwner: ORG.acme } });
    expect(text(metadataOf(await acme.getMetadata("test1")).value)).toBe("This is my first value");
    expect(text(metadataOf(await acme.getMetadata("test2")).value)).toBe("This is my second value");
    expect(text(metadataOf(await acme.getMetadata("plan")).value)).toBe("free");
  });

  it("gives each entry its own event: the rows carry consecutive sequences", async () => {
    const details = detailsOf(await acme.bulkSet([["b1", "1"], ["b2", "2"], ["b3", "3"]]));
    const last = seq(details.sequence);
    const rows = await Promise.all(["b1", "b2", "b3"].map(async (key) => seq(metadataOf(await acme.getMetadata(key)).details.sequence)));
    expect(rows).toEqual([last - 2, last - 1, last]);
  });

  it("lets the last value win for a key given twice (two events)", async () => {
    const before = await lastAcmeSequence();
    const details = detailsOf(await acme.bulkSet([["dup", "first"], ["dup", "second"]]));
    expect(seq(details.sequence)).toBe(before + 2);
    const got = metadataOf(await acme.getMetadata("dup"));
    expect(text(got.value)).toBe("second");
    expect(got.details.sequence).toBe(details.sequence);
  });

  it("reports the first invalid entry and, inside it, the key before the value", async () => {
    const res = await acme.post("/metadata/_bulk", {
      metadata: [{ key: "ok", value: b64("v") }, { key: "x".repeat(201) }, { key: "" }],
    });
    expectZitadelError(res, {
      status: 400,
      code: 3,
      message:
        "invalid BulkSetOrgMetadataRequest.Metadata[1]: embedded message failed validation | caused by: " +
        "invalid BulkSetOrgMetadataRequest_Metadata.Key: value length must be between 1 and 200 runes, inclusive",
    });
  });

  it("sets many entries in one request", async () => {
    const entries = Array.from({ length: 500 }, (_, i): [string, string] => [`bulk.${String(i).padStart(3, "0")}`, `v${i}`]);
    expectOk(await acme.bulkSet(entries));
    const list = await acme.search({ queries: [{ keyQuery: { key: "bulk.", method: "TEXT_QUERY_METHOD_STARTS_WITH" } }] });
    expect(keysOf(list)).toEqual(entries.map(([key]) => key));
  });
});

describe("BulkRemoveOrgMetadata", () => {
  it("removes every key and answers the last event's sequence, changeDate and resourceOwner (no creationDate)", async () => {
    const before = await lastAcmeSequence();
    const at = time.set("2025-03-03T03:03:03Z");
    const res = await acme.bulkRemove(["plan", "region"]);
    expect(expectOk(res)).toEqual({ details: { sequence: String(before + 2), changeDate: at, resourceOwner: ORG.acme } });
    expect(keysOf(await acme.search())).toEqual(["probe", "support.tier"]);
  });

  it("answers a DELETE without a body as an empty list: 400 code 9 'Metadata list is empty (META-9mw2d)'", async () => {
    const res = await acme.delete("/metadata/_bulk", undefined);
    expectZitadelError(res, { status: 400, code: 9, message: "Metadata list is empty", id: "META-9mw2d" });
  });

  it("accepts an existing key given twice (ZITADEL checks against the state before the request)", async () => {
    const before = await lastAcmeSequence();
    const details = detailsOf(await acme.bulkRemove(["plan", "plan"]));
    expect(seq(details.sequence)).toBe(before + 2);
    expectZitadelError(await acme.getMetadata("plan"), { status: 404, code: 5, message: "Metadata not found", id: "QUERY-Rph32" });
  });

  it("resets creationDate of keys that are set again afterwards", async () => {
    expectOk(await acme.bulkRemove(["plan"]));
    const at = time.set("2025-07-07T07:07:07Z");
    expectOk(await acme.bulkSet({ plan: "again" }));
    expect(metadataOf(await acme.getMetadata("plan")).details.creationDate).toBe(at);
  });

  it("removes only in the org of the context", async () => {
    expectOk(await acme.bulkRemove(["plan"]));
    expect(text(metadataOf(await as(mock, TOKEN.globexOwner).getMetadata("plan")).value)).toBe("starter");
  });
});
