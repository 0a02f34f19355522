/**
 * SetOrgMetadata over REST, what the contract suite cannot assert against real ZITADEL: the exact
 * answer for the mock's clock (REST body: `details` only), the exact steps of the org's sequence (one
 * per event of the org, §3.3), and keys that need percent-encoding in the path. What every transport
 * shares (get, update, remove, not-found ids, org scope) is asserted once, in
 * contract-tests/cases/{set,get,remove,org-context}.contract.test.ts, over REST and gRPC.
 */
import { describe, expect, it } from "vitest";
import {
  ORG,
  TOKEN,
  as,
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

  it("stores keys with spaces, dots and emoji (percent-encoded in the path) as written", async () => {
    for (const key of ["my key", "a.b.c", "😀 smile", "ümlaut"]) {
      expectOk(await acme.set(key, key));
      const got = metadataOf(await acme.getMetadata(key));
      expect(got.key).toBe(key);
      expect(text(got.value)).toBe(key);
    }
  });
});
