import { describe, expect, it } from "vitest";
import type { DescMessage } from "@bufbuild/protobuf";
import {
  BulkRemoveOrgMetadataRequestSchema,
  ListOrgMetadataRequestSchema,
  SetOrgMetadataRequestSchema,
} from "@zitadel/proto/zitadel/management_pb.js";
import { ZitadelError } from "../core/errors.js";
import { decodeJsonBody } from "./json-body-decoding.js";

const decode = (schema: DescMessage, text: string) => decodeJsonBody(schema, new TextEncoder().encode(text));

/** The InvalidArgument message a body is refused with. */
const refusal = (schema: DescMessage, text: string): string => {
  try {
    decode(schema, text);
  } catch (error) {
    expect(error).toBeInstanceOf(ZitadelError);
    expect((error as ZitadelError).code).toBe(3);
    expect((error as ZitadelError).id).toBeUndefined();
    return (error as Error).message;
  }
  throw new Error(`${text} was accepted`);
};

describe("what the gateway reads of a body", () => {
  it("reads only the first JSON value; what follows is never looked at", () => {
    expect(decode(SetOrgMetadataRequestSchema, '{"value":"eA=="} {"value":"eQ=="} not json')).toEqual({ value: "eA==" });
  });

  it("reads an empty or whitespace-only body as the empty request", () => {
    expect(decode(SetOrgMetadataRequestSchema, "")).toEqual({});
    expect(decode(SetOrgMetadataRequestSchema, " \r\n\t ")).toEqual({});
  });

  it("refuses a top-level null, array or scalar", () => {
    expect(refusal(SetOrgMetadataRequestSchema, "null")).toMatch(/^proto: syntax error \(line 1:1\): unexpected token null$/);
    expect(refusal(SetOrgMetadataRequestSchema, "[]")).toMatch(/unexpected token \[/);
    expect(refusal(SetOrgMetadataRequestSchema, '"eA=="')).toMatch(/unexpected token "eA=="/);
  });

  it("refuses broken JSON inside the first value, with its position", () => {
    expect(refusal(SetOrgMetadataRequestSchema, '{"value":"eA==",}')).toMatch(/\(line 1:17\): unexpected token \}/);
    expect(refusal(SetOrgMetadataRequestSchema, '{\n  "x": tru }')).toMatch(/\(line 2:8\): invalid value tru/);
    expect(refusal(SetOrgMetadataRequestSchema, '{"value":"eA=="')).toMatch(/unexpected EOF/);
    expect(refusal(SetOrgMetadataRequestSchema, '{"x":"a\tb"}')).toMatch(/invalid character in string/);
  });

  it("refuses invalid UTF-8 where Node would substitute U+FFFD", () => {
    expect(() => decodeJsonBody(SetOrgMetadataRequestSchema, new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))).toThrow(/invalid UTF-8/);
  });
});

describe("fields", () => {
  it("refuses a known field given twice, also under its JSON and its proto name", () => {
    expect(refusal(SetOrgMetadataRequestSchema, '{"value":"eA==","value":"eQ=="}')).toBe('proto: (line 1:17): duplicate field "value"');
    expect(refusal(ListOrgMetadataRequestSchema, '{"queries":[{"keyQuery":{},"key_query":{}}]}')).toMatch(/duplicate field "key_query"/);
    // A null counts as given.
    expect(refusal(BulkRemoveOrgMetadataRequestSchema, '{"keys":null,"keys":["a"]}')).toMatch(/duplicate field "keys"/);
  });

  it("skips unknown fields unread, also repeated ones and __proto__", () => {
    const body = '{"x":1,"x":{"deep":[[{"a":null}]]},"__proto__":{"polluted":true},"constructor":2,"value":"eA=="}';
    const decoded = decode(SetOrgMetadataRequestSchema, body);
    expect(decoded).toEqual({ value: "eA==" });
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("still refuses broken JSON inside a skipped field, and nesting deeper than Go's 10000", () => {
    expect(refusal(SetOrgMetadataRequestSchema, '{"x":[1,,2],"value":"eA=="}')).toMatch(/unexpected token ,/);
    const depth = 10_001;
    expect(refusal(SetOrgMetadataRequestSchema, `{"x":${"[".repeat(depth)}${"]".repeat(depth)}}`)).toMatch(/exceeded max depth/);
  });

  it("reads null as an unset field, and the proto name like the JSON name", () => {
    expect(decode(ListOrgMetadataRequestSchema, '{"query":null,"queries":[{"key_query":{"key":"a","method":null}}]}')).toEqual({
      queries: [{ keyQuery: { key: "a" } }],
    });
  });

  it("refuses a value of the wrong JSON type in protojson's words", () => {
    expect(refusal(SetOrgMetadataRequestSchema, '{"value":5}')).toBe("proto: (line 1:10): invalid value for bytes field value: 5");
    expect(refusal(BulkRemoveOrgMetadataRequestSchema, '{"keys":["a",null]}')).toMatch(/invalid value for string field keys: null/);
    expect(refusal(ListOrgMetadataRequestSchema, '{"query":{"asc":"true"}}')).toMatch(/invalid value for bool field asc: "true"/);
  });
});

describe("enums", () => {
  const method = (value: string) => decode(ListOrgMetadataRequestSchema, `{"queries":[{"keyQuery":{"key":"a","method":${value}}}]}`);

  it("drops an unknown name like an unknown field (the method stays EQUALS)", () => {
    expect(method('"TEXT_QUERY_METHOD_NOPE"')).toEqual({ queries: [{ keyQuery: { key: "a" } }] });
  });

  it("keeps a known name, and any int32 number for PGV's defined_only to judge", () => {
    expect(method('"TEXT_QUERY_METHOD_CONTAINS"')).toEqual({ queries: [{ keyQuery: { key: "a", method: "TEXT_QUERY_METHOD_CONTAINS" } }] });
    expect(method("99")).toEqual({ queries: [{ keyQuery: { key: "a", method: 99 } }] });
    expect(refusal(ListOrgMetadataRequestSchema, '{"queries":[{"keyQuery":{"method":2147483648}}]}')).toMatch(/invalid value for enum field method/);
  });
});

describe("integers as protojson takes them", () => {
  const query = (json: string) => decode(ListOrgMetadataRequestSchema, `{"query":${json}}`).query;

  it("accepts exponents and zero fractions, as numbers or in strings", () => {
    expect(query('{"offset":1e1,"limit":1e0}')).toEqual({ offset: "10", limit: 1 });
    expect(query('{"offset":"2.0","limit":"30e-1"}')).toEqual({ offset: "2", limit: 3 });
  });

  it("keeps 64-bit precision that JSON.parse would lose", () => {
    expect(query('{"offset":18446744073709551615}')).toEqual({ offset: "18446744073709551615" });
  });

  it("refuses fractions, out-of-range values, signs on unsigned fields and padded strings", () => {
    for (const bad of ['{"limit":1.5}', '{"limit":4294967296}', '{"offset":"18446744073709551616"}', '{"offset":-1}', '{"offset":"-0"}', '{"limit":" 1"}', '{"limit":"01"}']) {
      expect(refusal(ListOrgMetadataRequestSchema, `{"query":${bad}}`)).toMatch(/invalid value for uint(32|64) field (limit|offset)/);
    }
  });
});

describe("bytes as Go's base64 decoder takes them", () => {
  it("skips line breaks inside the text", () => {
    expect(decode(SetOrgMetadataRequestSchema, '{"value":"eHh4\\neA"}')).toEqual({ value: "eHh4eA" });
  });

  it("refuses what protojson refuses", () => {
    expect(refusal(SetOrgMetadataRequestSchema, '{"value":"eA==\\n"}')).toMatch(/invalid value for bytes field value/);
    expect(refusal(SetOrgMetadataRequestSchema, '{"value":"+_8="}')).toMatch(/invalid value for bytes field value/);
  });
});
