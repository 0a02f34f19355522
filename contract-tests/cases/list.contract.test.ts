// ListOrgMetadata: POST /management/v1/metadata/_search {"query": {offset, limit, asc}, "queries": [{"keyQuery": {key, method}}]}
// ZITADEL does not guarantee an order, so results are compared as sets.
import { beforeAll, describe, expect, it } from "vitest";
import { useContract } from "../kit/contract.js";
import { expectError, expectOk, validationError, ZitadelError } from "../kit/expectations.js";
import type { KeySpace } from "../kit/keys.js";
import type { ListQuery, MetadataQuery, TextQueryMethod } from "../kit/transport.js";
import { b64, total } from "../kit/values.js";

const contract = useContract("list");

/** Searches inside one namespace (STARTS_WITH its prefix, AND-ed with `queries`); answers the key names, sorted. */
async function search(ns: KeySpace, queries: MetadataQuery[] = [], query?: ListQuery) {
  const body = expectOk(
    await contract.client.listOrgMetadata({
      ...(query ? { query } : {}),
      queries: [{ keyQuery: { key: ns.prefix, method: "TEXT_QUERY_METHOD_STARTS_WITH" } }, ...queries],
    }),
  );
  return { body, names: (body.result ?? []).map((m) => m.key.slice(ns.prefix.length)).sort() };
}

const by = (method: TextQueryMethod, key: string): MetadataQuery => ({ keyQuery: { key, method } });

describe("ListOrgMetadata text filters", () => {
  let ns: KeySpace;
  const names = ["Alpha-one", "alpha-two", "beta-one", "50%_off", "50xyoff"];

  beforeAll(async () => {
    ns = contract.keys.space("filters");
    expectOk(await contract.client.bulkSetOrgMetadata({ metadata: names.map((name) => ({ key: ns.key(name), value: b64(name) })) }));
  });

  it("EQUALS matches the whole key, case-sensitively", async () => {
    expect((await search(ns, [by("TEXT_QUERY_METHOD_EQUALS", ns.key("alpha-two"))])).names).toEqual(["alpha-two"]);
    expect((await search(ns, [by("TEXT_QUERY_METHOD_EQUALS", ns.key("ALPHA-TWO"))])).names).toEqual([]);
  });

  it("EQUALS_IGNORE_CASE matches the whole key in any case", async () => {
    const upper = ns.key("alpha-two").toUpperCase();
    expect((await search(ns, [by("TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE", upper)])).names).toEqual(["alpha-two"]);
  });

  it("STARTS_WITH and STARTS_WITH_IGNORE_CASE", async () => {
    expect((await search(ns, [by("TEXT_QUERY_METHOD_STARTS_WITH", ns.key("alpha"))])).names).toEqual(["alpha-two"]);
    expect((await search(ns, [by("TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE", ns.key("alpha").toUpperCase())])).names).toEqual([
      "Alpha-one",
      "alpha-two",
    ]);
  });

  it("CONTAINS and CONTAINS_IGNORE_CASE", async () => {
    expect((await search(ns, [by("TEXT_QUERY_METHOD_CONTAINS", "lpha")])).names).toEqual(["Alpha-one", "alpha-two"]);
    expect((await search(ns, [by("TEXT_QUERY_METHOD_CONTAINS", "ALPHA")])).names).toEqual([]);
    expect((await search(ns, [by("TEXT_QUERY_METHOD_CONTAINS_IGNORE_CASE", "ALPHA")])).names).toEqual(["Alpha-one", "alpha-two"]);
  });

  it("ENDS_WITH and ENDS_WITH_IGNORE_CASE", async () => {
    expect((await search(ns, [by("TEXT_QUERY_METHOD_ENDS_WITH", "-one")])).names).toEqual(["Alpha-one", "beta-one"]);
    expect((await search(ns, [by("TEXT_QUERY_METHOD_ENDS_WITH", "-ONE")])).names).toEqual([]);
    expect((await search(ns, [by("TEXT_QUERY_METHOD_ENDS_WITH_IGNORE_CASE", "-ONE")])).names).toEqual(["Alpha-one", "beta-one"]);
  });

  it("treats % and _ in the search text literally, not as LIKE wildcards", async () => {
    expect((await search(ns, [by("TEXT_QUERY_METHOD_CONTAINS", "%")])).names).toEqual(["50%_off"]);
    expect((await search(ns, [by("TEXT_QUERY_METHOD_CONTAINS", "_")])).names).toEqual(["50%_off"]);
    expect((await search(ns, [by("TEXT_QUERY_METHOD_ENDS_WITH", "_off")])).names).toEqual(["50%_off"]);
    expect((await search(ns, [by("TEXT_QUERY_METHOD_STARTS_WITH", ns.key("50%"))])).names).toEqual(["50%_off"]);
  });

  it("AND-combines several queries", async () => {
    const queries = [by("TEXT_QUERY_METHOD_CONTAINS_IGNORE_CASE", "alpha"), by("TEXT_QUERY_METHOD_ENDS_WITH", "-two")];
    expect((await search(ns, queries)).names).toEqual(["alpha-two"]);
  });

  it("uses EQUALS when no method is given, and accepts the method as its enum number", async () => {
    expect((await search(ns, [{ keyQuery: { key: ns.key("beta-one") } }])).names).toEqual(["beta-one"]);
    expect((await search(ns, [{ keyQuery: { key: "-one", method: 6 } }])).names).toEqual(["Alpha-one", "beta-one"]);
  });

  it("matches everything with an empty STARTS_WITH key and nothing with an empty EQUALS key", async () => {
    expect((await search(ns, [by("TEXT_QUERY_METHOD_STARTS_WITH", "")])).names).toEqual([...names].sort());
    expect((await search(ns, [by("TEXT_QUERY_METHOD_EQUALS", "")])).names).toEqual([]);
  });

  it("answers items with key, value and the four details fields, as get does", async () => {
    const { body } = await search(ns, [by("TEXT_QUERY_METHOD_EQUALS", ns.key("beta-one"))]);
    const { metadata } = expectOk(await contract.client.getOrgMetadata({ key: ns.key("beta-one") }));

    expect(body.result).toEqual([metadata]);
    expect(metadata.details.resourceOwner).toBe(contract.target.orgId);
  });
});

describe("ListOrgMetadata paging and totals", () => {
  let ns: KeySpace;
  const names = ["p1", "p2", "p3", "p4", "p5"];

  beforeAll(async () => {
    ns = contract.keys.space("paging");
    expectOk(await contract.client.bulkSetOrgMetadata({ metadata: names.map((name) => ({ key: ns.key(name), value: b64(name) })) }));
  });

  it("returns all hits without a limit, with totalResult", async () => {
    const { body, names: found } = await search(ns);
    expect(found).toEqual(names);
    expect(body.details.totalResult).toBe("5");
  });

  it("pages with limit and offset; totalResult counts every hit, not the page", async () => {
    const first = await search(ns, [], { limit: 2 });
    const middle = await search(ns, [], { offset: "2", limit: 2 });
    const last = await search(ns, [], { offset: 4, limit: 2 });

    expect([first.names.length, middle.names.length, last.names.length]).toEqual([2, 2, 1]);
    for (const page of [first, middle, last]) {
      expect(page.body.details.totalResult).toBe("5");
      expect(names).toEqual(expect.arrayContaining(page.names));
    }
  });

  it("answers an offset past the end with no result and no totalResult", async () => {
    const { body, names: found } = await search(ns, [], { offset: 5, limit: 10 });
    expect(found).toEqual([]);
    expect(total(body.details)).toBe(0);
  });

  it("answers no hits with details but without result and totalResult", async () => {
    const { body } = await search(ns, [by("TEXT_QUERY_METHOD_EQUALS", ns.key("nothing"))]);
    expect(body.details).toBeDefined();
    expect(body.result ?? []).toEqual([]);
    expect(total(body.details)).toBe(0);
  });

  it("accepts asc true and false (the order itself is not guaranteed)", async () => {
    expect((await search(ns, [], { asc: true })).names).toEqual(names);
    expect((await search(ns, [], { asc: false })).names).toEqual(names);
  });

  it("accepts limit 1000 and rejects limit 1001 with 400 QUERY-4M0fs", async () => {
    expect((await search(ns, [], { limit: 1000 })).names).toEqual(names);
    expectError(await contract.client.listOrgMetadata({ query: { limit: 1001 } }), ZitadelError.LimitExceeded);
  });

  it("lists the org's keys without any query", async () => {
    const body = expectOk(await contract.client.listOrgMetadata({}));
    expect(total(body.details)).toBeGreaterThanOrEqual(names.length);
    expect(body.result?.length ?? 0).toBeLessThanOrEqual(1000);
    if (total(body.details) <= 1000) {
      expect(body.result?.map((m) => m.key)).toEqual(expect.arrayContaining(names.map((name) => ns.key(name))));
    }
  });
});

describe("ListOrgMetadata validation", () => {
  it("rejects a query without keyQuery", async () => {
    expectError(await contract.client.listOrgMetadata({ queries: [{}] }), validationError("ListOrgMetadataRequest.Queries[0]"));
  });

  it("rejects an undefined method number", async () => {
    expectError(
      await contract.client.listOrgMetadata({ queries: [{ keyQuery: { key: "x", method: 99 } }] }),
      validationError("ListOrgMetadataRequest.Queries[0]"),
    );
  });

  it("rejects a search key longer than 200 runes", async () => {
    expectError(
      await contract.client.listOrgMetadata({ queries: [{ keyQuery: { key: "k".repeat(201), method: "TEXT_QUERY_METHOD_STARTS_WITH" } }] }),
      validationError("ListOrgMetadataRequest.Queries[0]"),
    );
  });
});
