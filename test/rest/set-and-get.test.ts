/**
 * SetOrgMetadata, GetOrgMetadata and RemoveOrgMetadata over REST: what each response carries
 * (reference §6, §10.4/6/7), how `creationDate` and `sequence` evolve (§3.3, §3.4 projection) and the
 * not-found errors (§4.5).
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
  metadataOf,
  mockPerFile,
  text,
} from "./support.js";

const { mock, time } = await mockPerFile();
const acme = as(mock, TOKEN.acmeOwner);
const globex = as(mock, TOKEN.globexOwner);

const seq = (value: string | undefined): number => Number(value);

describe("SetOrgMetadata: POST /metadata/{key}", () => {
  it("adds a key and answers sequence, creationDate and resourceOwner (no changeDate)", async () => {
    const at = time.set("2025-03-04T05:06:07Z");
    const res = await acme.set("contract", "C-1001");
    const body = expectOk(res);
    expect(Object.keys(body)).toEqual(["details"]);
    const details = detailsOf(res);
    expect(Object.keys(details).sort()).toEqual(["creationDate", "resourceOwner", "sequence"]);
    expect(details).toEqual({ sequence: expect.stringMatching(/^[1-9][0-9]*$/), creationDate: at, resourceOwner: ORG.acme });
  });

  it("makes the key readable with GetOrgMetadata: key, base64 value and all four details", async () => {
    const setAt = time.set("2025-03-04T05:06:07.250Z");
    const set = detailsOf(await acme.set("contract", "C-1001"));
    const got = metadataOf(await acme.getMetadata("contract"));
    expect(got).toEqual({
      key: "contract",
      value: b64("C-1001"),
      details: { sequence: set.sequence, creationDate: setAt, changeDate: setAt, resourceOwner: ORG.acme },
    });
  });

  it("updates an existing key: the value changes, creationDate survives, changeDate and sequence move", async () => {
    const before = metadataOf(await acme.getMetadata("plan"));
    const updatedAt = time.set("2025-06-01T12:00:00Z");
    const set = detailsOf(await acme.set("plan", "free"));
    // SetOrgMetadata answers the event time as creationDate even for an update (reference §6).
    expect(set.creationDate).toBe(updatedAt);
    const after = metadataOf(await acme.getMetadata("plan"));
    expect(text(after.value)).toBe("free");
    expect(after.details.creationDate).toBe(before.details.creationDate);
    expect(after.details.changeDate).toBe(set.creationDate);
    expect(after.details.sequence).toBe(set.sequence);
    expect(seq(after.details.sequence)).toBeGreaterThan(seq(before.details.sequence));
  });

  it("always succeeds and always advances the sequence, also for the same value", async () => {
    const first = detailsOf(await acme.set("same", "value"));
    time.set("2025-01-02T00:00:00Z");
    const second = detailsOf(await acme.set("same", "value"));
    expect(seq(second.sequence)).toBe(seq(first.sequence) + 1);
    const got = metadataOf(await acme.getMetadata("same"));
    expect(got.details.sequence).toBe(second.sequence);
    expect(got.details.changeDate).toBe("2025-01-02T00:00:00Z");
    expect(got.details.creationDate).toBe(first.creationDate);
  });

  it("resets creationDate when a removed key is set again", async () => {
    time.set("2025-01-10T00:00:00Z");
    expectOk(await acme.set("flag", "on"));
    time.set("2025-01-11T00:00:00Z");
    expectOk(await acme.remove("flag"));
    time.set("2025-01-12T00:00:00Z");
    expectOk(await acme.set("flag", "on"));
    const got = metadataOf(await acme.getMetadata("flag"));
    expect(got.details.creationDate).toBe("2025-01-12T00:00:00Z");
    expect(got.details.changeDate).toBe("2025-01-12T00:00:00Z");
  });

  it("keeps one sequence per organization: writes in another org do not advance it", async () => {
    const g1 = seq(detailsOf(await globex.set("k", "1")).sequence);
    const a1 = seq(detailsOf(await acme.set("k", "1")).sequence);
    const a2 = seq(detailsOf(await acme.set("k", "2")).sequence);
    const g2 = seq(detailsOf(await globex.set("k", "2")).sequence);
    expect(a2).toBe(a1 + 1);
    expect(g2).toBe(g1 + 1);
  });

  it("counts every event of the org in the sequence, removes included, and only successful ones", async () => {
    const s1 = seq(detailsOf(await acme.set("k", "1")).sequence);
    const removed = seq(detailsOf(await acme.remove("k")).sequence);
    expectZitadelError(await acme.remove("k"), { status: 404, code: 5, message: "Metadata not found", id: "META-mcnw3" });
    const s2 = seq(detailsOf(await acme.set("k", "2")).sequence);
    expect([removed, s2]).toEqual([s1 + 1, s1 + 2]);
  });

  it("stores binary values byte for byte", async () => {
    const bytes = Uint8Array.from([0, 255, 128, 10, 13, 0xc3, 0x28]);
    expectOk(await acme.post("/metadata/binary", { value: b64(bytes) }));
    expect(metadataOf(await acme.getMetadata("binary")).value).toBe(b64(bytes));
  });

  it("stores keys with spaces, dots and emoji (percent-encoded in the path) as written", async () => {
    for (const key of ["my key", "a.b.c", "😀 smile", "ümlaut"]) {
      expectOk(await acme.set(key, key));
      const got = metadataOf(await acme.getMetadata(key));
      expect(got.key).toBe(key);
      expect(text(got.value)).toBe(key);
    }
  });
});

describe("GetOrgMetadata: GET /metadata/{key}", () => {
  it("reads a fixture key", async () => {
    const got = metadataOf(await acme.getMetadata("support.tier"));
    expect(got.key).toBe("support.tier");
    expect(text(got.value)).toBe("gold");
    expect(Object.keys(got.details).sort()).toEqual(["changeDate", "creationDate", "resourceOwner", "sequence"]);
  });

  it("answers a missing key with 404 'Metadata not found (QUERY-Rph32)'", async () => {
    expectZitadelError(await acme.getMetadata("nope"), { status: 404, code: 5, message: "Metadata not found", id: "QUERY-Rph32" });
  });

  it("matches the key exactly and case-sensitively", async () => {
    expectZitadelError(await acme.getMetadata("Plan"), { status: 404, code: 5, message: "Metadata not found", id: "QUERY-Rph32" });
    expectZitadelError(await acme.getMetadata("pla"), { status: 404, code: 5, message: "Metadata not found", id: "QUERY-Rph32" });
  });

  it("does not see another org's keys", async () => {
    expectOk(await globex.set("globex-only", "x"));
    expectZitadelError(await acme.getMetadata("globex-only"), { status: 404, code: 5, message: "Metadata not found", id: "QUERY-Rph32" });
  });
});

describe("RemoveOrgMetadata: DELETE /metadata/{key}", () => {
  it("removes a key and answers sequence, changeDate and resourceOwner (no creationDate)", async () => {
    const at = time.set("2025-04-01T08:00:00.5Z");
    const res = await acme.remove("region");
    expect(expectOk(res)).toEqual({ details: { sequence: expect.stringMatching(/^\d+$/), changeDate: at, resourceOwner: ORG.acme } });
    expectZitadelError(await acme.getMetadata("region"), { status: 404, code: 5, message: "Metadata not found", id: "QUERY-Rph32" });
  });

  it("answers a missing key with 404 'Metadata not found (META-mcnw3)'", async () => {
    expectZitadelError(await acme.remove("nope"), { status: 404, code: 5, message: "Metadata not found", id: "META-mcnw3" });
  });

  it("answers a key removed before with META-mcnw3 too", async () => {
    expectOk(await acme.remove("plan"));
    expectZitadelError(await acme.remove("plan"), { status: 404, code: 5, message: "Metadata not found", id: "META-mcnw3" });
  });

  it("removes only in the org of the context", async () => {
    expectOk(await acme.remove("plan"));
    expect(text(metadataOf(await globex.getMetadata("plan")).value)).toBe("starter");
  });
});
