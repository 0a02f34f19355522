/**
 * ListOrgMetadata (`POST /metadata/_search`) over REST, what the contract suite cannot assert against
 * real ZITADEL: the exact list of a known org (fixture and clock), the empty answer's JSON, ZITADEL's
 * LIKE escaping of \ (besides % and _), the mock's key order whatever `asc` says, and the default
 * and maximum limit of 1000 over more than 1000 keys (reference §3.4-3.6, §10.9). The text methods,
 * AND-ed queries, paging and totals are asserted once, in contract-tests/cases/list.contract.test.ts
 * (over REST and gRPC), and in src/core/metadata/search-metadata.test.ts.
 * The searches run in the fixture's ZITADEL org, which has no metadata of its own.
 */
import { beforeEach, describe, expect, it } from "vitest";
import {
  ORG,
  RFC3339_UTC,
  TOKEN,
  as,
  b64,
  expectOk,
  expectZitadelError,
  keysOf,
  mockPerFile,
  type ListJson,
} from "./support.js";

const { mock, time } = await mockPerFile();
const iam = as(mock, TOKEN.iamOwner);

const KEYS = ["key1", "key2", "key2.1", "key2.2", "Key3", "KEY_4", "a%b", "axb", "a_b", "a\\b", "ab", "prefix.one", "one.suffix"];

beforeEach(async () => {
  time.set("2025-01-02T00:00:00Z");
  expectOk(await iam.bulkSet(KEYS.map((key): [string, string] => [key, `value of ${key}`])));
});

const keyQuery = (key: string, method?: string | number) => ({ keyQuery: method === undefined ? { key } : { key, method } });
const searchKeys = async (...queries: Array<ReturnType<typeof keyQuery>>): Promise<string[]> => {
  const res = await iam.search({ queries });
  expectOk(res);
  return keysOf(res);
};

describe("without queries", () => {
  it("lists every key of the org in key order, with details and base64 values", async () => {
    const res = await iam.search();
    const body = expectOk<ListJson>(res);
    expect(keysOf(res)).toEqual([...KEYS].sort());
    expect(body.details).toEqual({ totalResult: String(KEYS.length), viewTimestamp: expect.stringMatching(RFC3339_UTC) });
    expect(body.result![0]).toEqual({
      key: "KEY_4",
      value: b64("value of KEY_4"),
      details: {
        sequence: expect.stringMatching(/^\d+$/),
        creationDate: "2025-01-02T00:00:00Z",
        changeDate: "2025-01-02T00:00:00Z",
        resourceOwner: ORG.zitadel,
      },
    });
  });

  it("lists only the org of the context", async () => {
    expect(keysOf(await as(mock, TOKEN.acmeOwner).search())).toEqual(["plan", "region", "support.tier"]);
    expect(keysOf(await as(mock, TOKEN.iamOwner, ORG.globex).search())).toEqual(["plan"]);
  });

  it("answers an org without metadata with only the view timestamp", async () => {
    mock.reset();
    const res = await iam.search();
    expect(expectOk(res)).toEqual({ details: { viewTimestamp: expect.stringMatching(RFC3339_UTC) } });
  });

});

describe("LIKE semantics with escaped wildcards: % _ \\ in the query are literal", () => {
  it.each([
    ["STARTS_WITH", "a%", ["a%b"]],
    ["CONTAINS", "_", ["KEY_4", "a_b"]],
    ["ENDS_WITH", "\\b", ["a\\b"]],
    ["EQUALS", "a_b", ["a_b"]],
    ["STARTS_WITH_IGNORE_CASE", "A_", ["a_b"]],
    ["CONTAINS_IGNORE_CASE", "EY_", ["KEY_4"]],
    ["ENDS_WITH_IGNORE_CASE", "%B", ["a%b"]],
    ["CONTAINS", "%", ["a%b"]],
  ])("%s %j", async (method, key, expected) => {
    expect(await searchKeys(keyQuery(key, `TEXT_QUERY_METHOD_${method}`))).toEqual(expected);
  });
});

describe("order and limits", () => {
  it("ignores asc: the order is key ascending either way", async () => {
    const asc = keysOf(await iam.search({ query: { asc: true } }));
    const desc = keysOf(await iam.search({ query: { asc: false } }));
    expect(asc).toEqual([...KEYS].sort());
    expect(desc).toEqual(asc);
  });

  describe("limit", () => {
    const MANY = 1205;
    beforeEach(async () => {
      const entries = Array.from({ length: MANY }, (_, i): [string, string] => [`many.${String(i).padStart(4, "0")}`, "x"]);
      expectOk(await iam.bulkSet(entries));
    });
    const manyQuery = [keyQuery("many.", "TEXT_QUERY_METHOD_STARTS_WITH")];

    it.each([
      ["absent", {}],
      ["0", { query: { limit: 0 } }],
      ["absent with an offset", { query: { offset: "0" } }],
    ])("returns at most 1000 when the limit is %s", async (_case, body) => {
      const res = await iam.search({ ...body, queries: manyQuery });
      const list = expectOk<ListJson>(res);
      expect(list.result).toHaveLength(1000);
      expect(list.details.totalResult).toBe(String(MANY));
      expect(list.result![999]!.key).toBe("many.0999");
    });

    it("accepts 1000", async () => {
      expect(expectOk<ListJson>(await iam.search({ query: { limit: 1000, offset: "1000" }, queries: manyQuery })).result).toHaveLength(
        MANY - 1000,
      );
    });

    it("rejects more than 1000 with 400 'Limit exceeded (QUERY-4M0fs)'", async () => {
      const res = await iam.search({ query: { limit: 1001 }, queries: manyQuery });
      expectZitadelError(res, { status: 400, code: 3, message: "Limit exceeded", id: "QUERY-4M0fs" });
    });
  });

  it("rejects a limit over 1000 even when nothing would match", async () => {
    mock.reset();
    expectZitadelError(await iam.search({ query: { limit: 5000 } }), { status: 400, code: 3, message: "Limit exceeded", id: "QUERY-4M0fs" });
  });
});
