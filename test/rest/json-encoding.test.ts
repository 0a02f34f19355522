/**
 * JSON as ZITADEL's gateway reads and writes it: protojson with `DiscardUnknown` and default marshal
 * options (reference §1.4, §2.3, §10.10), beyond the contract's rest-only cases (path key over body
 * key, snake_case, numbers as strings, enum numbers are asserted there once): exact bodies for the
 * mock's clock and fixture, unknown fields at every level, the largest offset, null, Content-Type.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import {
  API,
  ORG,
  RFC3339_UTC,
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
  type ListJson,
} from "./support.js";

const { mock, time } = await mockPerFile();
const acme = as(mock, TOKEN.acmeOwner);

describe("responses", () => {
  it("use lowerCamelCase names, uint64 as decimal strings and RFC 3339 UTC timestamps", async () => {
    const got = metadataOf(await acme.getMetadata("plan"));
    expect(got.details).toEqual({
      sequence: expect.stringMatching(/^[0-9]+$/),
      creationDate: expect.stringMatching(RFC3339_UTC),
      changeDate: expect.stringMatching(RFC3339_UTC),
      resourceOwner: ORG.acme,
    });
    const list = expectOk<ListJson>(await acme.search());
    expect(typeof list.details.totalResult).toBe("string");
    expect(list.details.totalResult).toBe("3");
  });

  it("write timestamps with 0, 3 (or 6, 9) fractional digits", async () => {
    time.set("2025-01-01T10:00:00Z");
    expect(detailsOf(await acme.set("a", "1")).creationDate).toBe("2025-01-01T10:00:00Z");
    time.set("2025-01-01T10:00:00.1Z");
    expect(detailsOf(await acme.set("b", "1")).creationDate).toBe("2025-01-01T10:00:00.100Z");
  });

  it("omit zero values: processedSequence always, totalResult and result when there are no hits", async () => {
    const list = expectOk<ListJson>(await acme.search());
    expect(Object.keys(list.details).sort()).toEqual(["totalResult", "viewTimestamp"]);
    const none = expectOk(await acme.search({ queries: [{ keyQuery: { key: "nothing-like-this" } }] }));
    expect(none).toEqual({ details: { viewTimestamp: expect.stringMatching(RFC3339_UTC) } });
  });

  it("write bytes as standard base64 with padding, whatever the input alphabet", async () => {
    const bytes = Uint8Array.from([0xfb, 0xff, 0xbf, 0x61]); // standard base64 "+/+/YQ==" has both + and /
    expect(b64(bytes)).toBe("+/+/YQ==");
    for (const input of ["+/+/YQ==", "+/+/YQ", "-_-_YQ==", "-_-_YQ"]) {
      expectOk(await acme.post("/metadata/bytes", { value: input }));
      expect(metadataOf(await acme.getMetadata("bytes")).value).toBe("+/+/YQ==");
    }
  });

  it("are application/json", async () => {
    const res = await acme.getMetadata("plan");
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
  });
});

describe("requests", () => {
  it("ignore unknown fields at every level", async () => {
    expectOk(await acme.post("/metadata/k", { value: b64("v"), unknown: 1, details: { sequence: "99" } }));
    expect(text(metadataOf(await acme.getMetadata("k")).value)).toBe("v");
    expectOk(await acme.post("/metadata/_bulk", { metadata: [{ key: "b", value: b64("v"), extra: true }], more: [] }));
    expectOk(await acme.delete("/metadata/_bulk", { keys: ["b"], force: true }));
    const res = await acme.search({
      query: { limit: 1, sortingColumn: 3 },
      queries: [{ keyQuery: { key: "pl", method: "TEXT_QUERY_METHOD_STARTS_WITH", caseSensitive: true }, other: 1 }],
      filter: "x",
    });
    expect(keysOf(res)).toEqual(["plan"]);
  });

  it("accept the largest uint64 offset (an empty page)", async () => {
    const res = await acme.search({ query: { offset: "18446744073709551615" } });
    expect(expectOk(res)).toEqual({ details: { viewTimestamp: expect.stringMatching(RFC3339_UTC) } });
  });

  it("read JSON null as an unset field (protojson)", async () => {
    expect(keysOf(await acme.search({ query: null, queries: [{ keyQuery: { key: "plan", method: null } }] }))).toEqual(["plan"]);
    expectZitadelError(await acme.post("/metadata/k", { value: null }), {
      status: 400,
      code: 3,
      message: "invalid SetOrgMetadataRequest.Value: value length must be between 1 and 500000 bytes, inclusive",
    });
  });

  it("are read as JSON whatever the Content-Type", async () => {
    const res = await request(mock.app)
      .post(`${API}/metadata/plain`)
      .set("Authorization", `Bearer ${TOKEN.acmeOwner}`)
      .set("Content-Type", "text/plain")
      .send(JSON.stringify({ value: b64("typed as text") }));
    expectOk(res);
    expect(text(metadataOf(await acme.getMetadata("plain")).value)).toBe("typed as text");
  });
});
