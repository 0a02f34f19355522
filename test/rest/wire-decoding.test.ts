/**
 * Request bodies as ZITADEL's gateway decodes them (protojson with DiscardUnknown behind a
 * json.Decoder): what a client sending slightly unusual JSON sees, and that refusals come before
 * authentication and change nothing.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { API, TOKEN, as, b64, expectOk, expectZitadelError, keysOf, metadataOf, mockPerFile, text } from "./support.js";

const { mock } = await mockPerFile();
const acme = as(mock, TOKEN.acmeOwner);

/** A raw body, sent as written. */
const post = (path: string, body: string, token: string | undefined = TOKEN.acmeOwner) => {
  const test = request(mock.app).post(`${API}${path}`).set("Content-Type", "application/json");
  return (token ? test.set("Authorization", `Bearer ${token}`) : test).send(body);
};

const refused = { status: 400, code: 3, message: /^proto: / };

describe("a member given twice", () => {
  it("is refused, 400 code 3, and nothing is stored", async () => {
    expectZitadelError(await post("/metadata/twice", `{"value":"${b64("a")}","value":"${b64("b")}"}`), {
      ...refused,
      message: /duplicate field "value"/,
    });
    expectZitadelError(await acme.getMetadata("twice"), { status: 404, code: 5, message: "Metadata not found", id: "QUERY-Rph32" });
  });

  it("is refused under its JSON and its proto name too", async () => {
    const res = await post("/metadata/_search", '{"queries":[{"keyQuery":{"key":"plan"},"key_query":{"key":"plan"}}]}');
    expectZitadelError(res, { ...refused, message: /duplicate field "key_query"/ });
  });

  it("is refused before authentication: no token needed to get the 400", async () => {
    expectZitadelError(await post("/metadata/twice", '{"value":"eA==","value":"eA=="}', undefined), refused);
  });

  it("is ignored when the field is unknown, and so is __proto__", async () => {
    const res = await post("/metadata/proto", `{"__proto__":{"value":"${b64("polluted")}"},"x":1,"x":2,"value":"${b64("clean")}"}`);
    expectOk(res);
    expect(text(metadataOf(await acme.getMetadata("proto")).value)).toBe("clean");
    // A __proto__ member is no field: the value rule is reported as for a body without value.
    expectZitadelError(await post("/metadata/proto", `{"__proto__":{"value":"${b64("x")}"}}`), {
      status: 400,
      code: 3,
      message: "invalid SetOrgMetadataRequest.Value: value length must be between 1 and 500000 bytes, inclusive",
    });
  });
});

describe("an unknown enum name", () => {
  it("is dropped like an unknown field: the method stays EQUALS", async () => {
    const res = await acme.search({ queries: [{ keyQuery: { key: "plan", method: "TEXT_QUERY_METHOD_NOPE" } }] });
    expect(keysOf(res)).toEqual(["plan"]);
    expect(keysOf(await acme.search({ queries: [{ keyQuery: { key: "pla", method: "TEXT_QUERY_METHOD_NOPE" } }] }))).toEqual([]);
  });

  it("differs from an undefined enum number, which PGV's defined_only refuses", async () => {
    expectZitadelError(await acme.search({ queries: [{ keyQuery: { key: "plan", method: 42 } }] }), {
      status: 400,
      code: 3,
      message: /MetadataKeyQuery\.Method: value must be one of the defined enum values$/,
    });
  });
});

describe("the body as a whole", () => {
  it("counts only its first JSON value", async () => {
    expectOk(await post("/metadata/first", `{"value":"${b64("one")}"} {"value":"${b64("two")}"} trailing garbage`));
    expect(text(metadataOf(await acme.getMetadata("first")).value)).toBe("one");
  });

  it("is the empty request when empty or whitespace: _search lists all, _bulk says the list is empty", async () => {
    expect(keysOf(await post("/metadata/_search", "  \r\n "))).toContain("plan");
    expectZitadelError(await post("/metadata/_bulk", ""), { status: 400, code: 9, message: "Metadata list is empty", id: "META-9mm2d" });
  });

  it("is refused when it is a top-level null", async () => {
    expectZitadelError(await post("/metadata/_search", "null"), { ...refused, message: /unexpected token null/ });
  });
});

describe("values as protojson reads them", () => {
  it("takes 1e0 and '2.0' for integers", async () => {
    const all = keysOf(await acme.search({}));
    expect(keysOf(await post("/metadata/_search", '{"query":{"offset":"1e0","limit":2.0}}'))).toEqual(all.slice(1, 3));
  });

  it("takes base64 with line breaks, as Go's decoder skips them", async () => {
    const wrapped = `${b64("hello world!").slice(0, 8)}\r\n${b64("hello world!").slice(8)}`;
    expectOk(await acme.post("/metadata/wrapped", { value: wrapped }));
    expect(text(metadataOf(await acme.getMetadata("wrapped")).value)).toBe("hello world!");
  });

  it("counts the line breaks for protojson's padding rule: padded base64 plus a line break is refused", async () => {
    expectZitadelError(await acme.post("/metadata/wrapped", { value: `${b64("x")}\n` }), { ...refused, message: /bytes field value/ });
  });

  it("refuses a 1.5 for an integer and a number for bytes, before authentication", async () => {
    expectZitadelError(await post("/metadata/_search", '{"query":{"limit":1.5}}', undefined), { ...refused, message: /uint32 field limit: 1\.5/ });
    expectZitadelError(await post("/metadata/k", '{"value":5}', undefined), { ...refused, message: /bytes field value: 5/ });
  });
});
