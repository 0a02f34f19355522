// The REST contract (spec/management.openapi.yaml) checked against ZITADEL's own descriptors in
// @zitadel/proto: routes, OpenAPI annotations, permissions, request field rules (protoc-gen-validate)
// and the shape of request/response schemas. Everything is read from the descriptors generically, so a
// field, rule or route that is added on one side only makes a test fail.
import { fileURLToPath } from "node:url";
import SwaggerParser from "@apidevtools/swagger-parser";
import { getOption, hasOption, toJson, ScalarType } from "@bufbuild/protobuf";
import type { DescEnum, DescField, DescMessage, DescMethod } from "@bufbuild/protobuf";
import { http } from "@zitadel/proto/google/api/annotations_pb.js";
import { openapiv2_operation } from "@zitadel/proto/protoc-gen-openapiv2/options/annotations_pb.js";
import { ManagementService } from "@zitadel/proto/zitadel/management_pb.js";
import { auth_option } from "@zitadel/proto/zitadel/options_pb.js";
import { FieldRulesSchema, required as oneofRequired, rules } from "@zitadel/proto/validate/validate_pb.js";
import { Ajv } from "ajv";
import type { ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";

const SPEC_PATH = fileURLToPath(new URL("./management.openapi.yaml", import.meta.url));

const RPCS = [
  "SetOrgMetadata",
  "BulkSetOrgMetadata",
  "ListOrgMetadata",
  "GetOrgMetadata",
  "RemoveOrgMetadata",
  "BulkRemoveOrgMetadata",
  "GetMyOrg",
  "SetUserMetadata",
  "BulkSetUserMetadata",
  "ListUserMetadata",
  "GetUserMetadata",
  "RemoveUserMetadata",
  "BulkRemoveUserMetadata",
] as const;
type Rpc = (typeof RPCS)[number];

/** Which form of zitadel.v1.ObjectDetails each RPC returns (reference §6), by component name. */
const DETAILS_FORM: Partial<Record<Rpc, string>> = {
  SetOrgMetadata: "SetObjectDetails",
  BulkSetOrgMetadata: "ChangeObjectDetails",
  RemoveOrgMetadata: "ChangeObjectDetails",
  BulkRemoveOrgMetadata: "ChangeObjectDetails",
  SetUserMetadata: "SetObjectDetails",
  BulkSetUserMetadata: "ChangeObjectDetails",
  RemoveUserMetadata: "ChangeObjectDetails",
  BulkRemoveUserMetadata: "ChangeObjectDetails",
};
/** ObjectDetails fields a form leaves out on purpose (ZITADEL never fills them for that form). */
const DETAILS_FORM_OMITS: Record<string, string[]> = {
  SetObjectDetails: ["changeDate"],
  ChangeObjectDetails: ["creationDate"],
  ViewObjectDetails: [],
};

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

// ------------------------------------------------------------------------------------------ helpers

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function obj(v: unknown, where: string): Obj {
  if (!isObj(v)) throw new Error(`${where}: expected an object, got ${JSON.stringify(v)}`);
  return v;
}

function arr(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new Error(`${where}: expected an array, got ${JSON.stringify(v)}`);
  return v;
}

function rpcDesc(name: string): DescMethod {
  const m = ManagementService.methods.find((x) => x.name === name);
  if (!m) throw new Error(`ManagementService has no RPC ${name}`);
  return m;
}

interface Route {
  method: string;
  path: string;
  body: string;
}

/** The google.api.http route of an RPC, with the method in OpenAPI's lower case. */
function route(m: DescMethod): Route {
  if (!hasOption(m, http)) throw new Error(`${m.name} has no google.api.http option`);
  const h = getOption(m, http);
  switch (h.pattern.case) {
    case "get":
    case "put":
    case "post":
    case "delete":
    case "patch":
      return { method: h.pattern.case, path: h.pattern.value, body: h.body };
    default:
      throw new Error(`${m.name}: unsupported http pattern ${String(h.pattern.case)}`);
  }
}

function pathTemplateVars(path: string): string[] {
  return [...path.matchAll(/\{([^}=]+)(?:=[^}]*)?\}/g)].map((x) => x[1] ?? "");
}

interface SpecOperation {
  path: string;
  method: string;
  op: Obj;
}

function operations(doc: Obj): SpecOperation[] {
  const out: SpecOperation[] = [];
  for (const [path, item] of Object.entries(obj(doc.paths, "paths"))) {
    for (const method of HTTP_METHODS) {
      const op = obj(item, `paths.${path}`)[method];
      if (op !== undefined) out.push({ path, method, op: obj(op, `${method} ${path}`) });
    }
  }
  return out;
}

function operationById(doc: Obj, operationId: string): SpecOperation {
  const found = operations(doc).find((o) => o.op.operationId === operationId);
  if (!found) throw new Error(`spec has no operation ${operationId}`);
  return found;
}

function parameters(op: Obj, where: string): Obj[] {
  return arr(op.parameters ?? [], `${where}.parameters`).map((p, i) => obj(p, `${where}.parameters[${i}]`));
}

function requestBodySchema(op: Obj, where: string): Obj {
  const rb = obj(op.requestBody, `${where}.requestBody`);
  const content = obj(rb.content, `${where}.requestBody.content`);
  return obj(obj(content["application/json"], `${where} application/json`).schema, `${where} body schema`);
}

function responseSchema(op: Obj, status: string, where: string): Obj {
  const res = obj(obj(op.responses, `${where}.responses`)[status], `${where}.responses.${status}`);
  const content = obj(res.content, `${where}.responses.${status}.content`);
  return obj(obj(content["application/json"], `${where} ${status} application/json`).schema, `${where} ${status} schema`);
}

function component(doc: Obj, name: string): Obj {
  return obj(obj(obj(doc.components, "components").schemas, "components.schemas")[name], `components.schemas.${name}`);
}

function enumNames(e: DescEnum): string[] {
  return e.values.map((v) => v.name);
}

function isWellKnown(m: DescMessage): boolean {
  return m.typeName.startsWith("google.protobuf.");
}

/**
 * A protoc-gen-validate rule in the shape the spec mirrors in `x-pgv-rules`: the protobuf JSON form of
 * validate.FieldRules, with the 64-bit integers (JSON strings in protobuf JSON) as numbers.
 */
function pgvRules(field: DescField): Obj {
  return obj(unstringInts(toJson(FieldRulesSchema, getOption(field, rules))), `${field.parent.name}.${field.name} rules`);
}

function unstringInts(v: unknown): unknown {
  if (typeof v === "string" && /^-?[0-9]+$/.test(v)) return Number(v);
  if (Array.isArray(v)) return v.map(unstringInts);
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unstringInts(x)]));
  return v;
}

/** The only key of a oneof-like object ({string: {...}}) and its value. */
function single(o: Obj, where: string): [string, Obj] {
  const entries = Object.entries(o);
  if (entries.length !== 1) throw new Error(`${where}: expected exactly one rule type, got ${JSON.stringify(o)}`);
  const [k, v] = entries[0] as [string, unknown];
  return [k, obj(v, `${where}.${k}`)];
}

function onlyKeys(o: Obj, allowed: string[], where: string): void {
  const unsupported = Object.keys(o).filter((k) => !allowed.includes(k));
  if (unsupported.length) {
    throw new Error(`${where}: rule(s) ${unsupported.join(", ")} are not mirrored by this test yet; extend the spec and the test`);
  }
}

function base64Length(decodedBytes: number): number {
  return 4 * Math.ceil(decodedBytes / 3);
}

// -------------------------------------------------------------------- request walking (proto -> spec)

/** What the request walk saw, so the reverse check can find rules in the spec that mirror nothing. */
interface RequestWalk {
  checked: Set<Obj>;
  fields: string[];
}

const UINT32_REQUEST = [
  { type: "integer", minimum: 0, maximum: 4294967295 },
  { type: "string", pattern: "^[0-9]{1,10}$" },
];
const UINT64_REQUEST = [
  { type: "string", pattern: "^[0-9]+$" },
  { type: "integer", minimum: 0 },
];

/** JSON Schema of one value (a singular field, or one element of a repeated field) in a request. */
function checkRequestValue(field: DescField, schema: Obj, where: string, walk: RequestWalk): void {
  const kind = field.fieldKind === "list" ? field.listKind : field.fieldKind;
  switch (kind) {
    case "scalar": {
      const scalar = field.fieldKind === "list" || field.fieldKind === "scalar" ? field.scalar : undefined;
      switch (scalar) {
        case ScalarType.STRING:
          expect(schema.type, `${where}: string`).toBe("string");
          expect(schema.format, `${where}: string has no format`).toBeUndefined();
          return;
        case ScalarType.BYTES:
          expect({ type: schema.type, format: schema.format }, `${where}: bytes`).toEqual({ type: "string", format: "byte" });
          return;
        case ScalarType.UINT64:
          expect(schema.anyOf, `${where}: uint64 is a decimal string or a number`).toEqual(UINT64_REQUEST);
          return;
        case ScalarType.UINT32:
          expect(schema.anyOf, `${where}: uint32 is a number or a decimal string`).toEqual(UINT32_REQUEST);
          return;
        case ScalarType.BOOL:
          expect(schema.type, `${where}: bool`).toBe("boolean");
          return;
        default:
          throw new Error(`${where}: scalar type ${String(scalar)} is not mirrored by this test yet`);
      }
    }
    case "enum": {
      const e = field.enum;
      if (!e) throw new Error(`${where}: enum descriptor missing`);
      const [names, numbers] = arr(schema.anyOf, `${where}: enum anyOf [names, integer]`).map((s, i) => obj(s, `${where}.anyOf[${i}]`));
      expect({ type: names?.type, enum: names?.enum }, `${where}: enum value names`).toEqual({ type: "string", enum: enumNames(e) });
      expect(numbers, `${where}: enum numbers`).toEqual({ type: "integer", format: "int32" });
      return;
    }
    case "message": {
      const m = field.message;
      if (!m) throw new Error(`${where}: message descriptor missing`);
      if (isWellKnown(m)) throw new Error(`${where}: well-known type ${m.typeName} is not mirrored by this test yet`);
      checkRequestMessage(m, schema, where, walk, []);
      return;
    }
  }
}

/** JSON Schema keywords that must agree with a protoc-gen-validate rule (or be absent without one). */
function checkBounds(field: DescField, rule: Obj | undefined, schema: Obj, where: string): void {
  const isList = field.fieldKind === "list";
  if (!rule) {
    if (isList) {
      expect({ minItems: schema.minItems, maxItems: schema.maxItems }, `${where}: no item-count bounds without a rule`).toEqual({});
      checkElementBounds(field, undefined, obj(schema.items, `${where}.items`), `${where}[]`);
    } else {
      checkElementBounds(field, undefined, schema, where);
    }
    return;
  }
  const [type, r] = single(rule, where);
  if (isList) {
    expect(type, `${where}: a repeated field has a repeated rule`).toBe("repeated");
    onlyKeys(r, ["minItems", "maxItems", "items"], `${where} repeated`);
    expect({ minItems: schema.minItems, maxItems: schema.maxItems }, `${where}: item count`).toEqual({
      minItems: r.minItems,
      maxItems: r.maxItems,
    });
    checkElementBounds(field, r.items === undefined ? undefined : obj(r.items, `${where} items`), obj(schema.items, `${where}.items`), `${where}[]`);
  } else {
    checkElementBounds(field, rule, schema, where);
  }
}

function checkElementBounds(field: DescField, rule: Obj | undefined, schema: Obj, where: string): void {
  const kind = field.fieldKind === "list" ? field.listKind : field.fieldKind;
  const scalar = field.fieldKind === "list" || field.fieldKind === "scalar" ? field.scalar : undefined;
  const lengths = { minLength: schema.minLength, maxLength: schema.maxLength };
  if (!rule) {
    if (kind === "scalar" && (scalar === ScalarType.STRING || scalar === ScalarType.BYTES)) {
      expect(lengths, `${where}: no length bounds without a rule`).toEqual({});
    }
    return;
  }
  const [type, r] = single(rule, where);
  switch (type) {
    case "string": {
      expect(scalar, `${where}: string rule on a string`).toBe(ScalarType.STRING);
      onlyKeys(r, ["minLen", "maxLen", "len"], `${where} string`);
      // PGV counts runes and JSON Schema counts code points: the numbers carry over as they are.
      expect(lengths, `${where}: string length in runes`).toEqual({
        minLength: r.len ?? r.minLen,
        maxLength: r.len ?? r.maxLen,
      });
      return;
    }
    case "bytes": {
      expect(scalar, `${where}: bytes rule on bytes`).toBe(ScalarType.BYTES);
      onlyKeys(r, ["minLen", "maxLen"], `${where} bytes`);
      // The JSON value is base64 text: non-empty when bytes are required, at most the base64 length of the
      // largest allowed value. The decoded length is checked by the server.
      const minLen = typeof r.minLen === "number" ? r.minLen : 0;
      expect(lengths, `${where}: base64 length`).toEqual({
        minLength: minLen > 0 ? 1 : undefined,
        maxLength: typeof r.maxLen === "number" ? base64Length(r.maxLen) : undefined,
      });
      return;
    }
    case "enum": {
      expect(kind, `${where}: enum rule on an enum`).toBe("enum");
      onlyKeys(r, ["definedOnly"], `${where} enum`);
      // defined_only: the names are exactly the enum's values (checked with the type); a number is allowed
      // by the schema, as protojson accepts one, and is checked against the defined values by the server.
      expect(r.definedOnly, `${where}: enum rule`).toBe(true);
      return;
    }
    default:
      throw new Error(`${where}: ${type} rules are not mirrored by this test yet`);
  }
}

function checkRequestField(field: DescField, schema: Obj, where: string, walk: RequestWalk): void {
  walk.fields.push(where);
  const rule = hasOption(field, rules) ? pgvRules(field) : undefined;
  if (rule) {
    expect(schema["x-pgv-rules"], `${where}: x-pgv-rules mirrors the proto rule`).toEqual(rule);
    walk.checked.add(schema);
  } else {
    expect(schema["x-pgv-rules"], `${where}: the proto field has no rule`).toBeUndefined();
  }
  checkBounds(field, rule, schema, where);
  if (field.fieldKind === "list") {
    expect(schema.type, `${where}: repeated`).toBe("array");
    const items = obj(schema.items, `${where}.items`);
    expect(items["x-pgv-rules"], `${where}[]: rules of a repeated field sit on the array`).toBeUndefined();
    checkRequestValue(field, items, `${where}[]`, walk);
  } else if (field.fieldKind === "map") {
    throw new Error(`${where}: map fields are not mirrored by this test yet`);
  } else {
    checkRequestValue(field, schema, where, walk);
  }
}

/** A request message: every proto field is documented, nothing else is, and unknown fields are allowed. */
function checkRequestMessage(m: DescMessage, schema: Obj, where: string, walk: RequestWalk, boundElsewhere: string[]): void {
  expect(schema.type, `${where}: ${m.typeName} is an object`).toBe("object");
  expect(schema.additionalProperties, `${where}: unknown fields are discarded, not rejected`).not.toBe(false);
  expect(schema.required, `${where}: nothing is required (absent = zero value, judged by PGV)`).toBeUndefined();
  const props = obj(schema.properties ?? {}, `${where}.properties`);
  const bodyFields = m.fields.filter((f) => !boundElsewhere.includes(f.name));
  expect(Object.keys(props).sort(), `${where}: properties are the lowerCamelCase names of ${m.typeName}`).toEqual(
    bodyFields.map((f) => f.jsonName).sort(),
  );
  for (const f of bodyFields) {
    checkRequestField(f, obj(props[f.jsonName], `${where}.${f.jsonName}`), `${where}.${f.jsonName}`, walk);
  }
  const requiredOneof = m.oneofs.some((o) => hasOption(o, oneofRequired) && getOption(o, oneofRequired));
  if (m.oneofs.length > 1) throw new Error(`${where}: several oneofs are not mirrored by this test yet`);
  if (requiredOneof) {
    expect(schema["x-pgv-oneof-required"], `${where}: (validate.required) oneof`).toBe(true);
    walk.checked.add(schema);
  } else {
    expect(schema["x-pgv-oneof-required"], `${where}: no required oneof`).toBeUndefined();
  }
}

/** Walk an RPC's request message against its operation: path parameters, then the body. */
function checkRequest(doc: Obj, rpc: Rpc, walk: RequestWalk): void {
  const m = rpcDesc(rpc);
  const r = route(m);
  const { op } = operationById(doc, `ManagementService_${rpc}`);
  const where = `${rpc}`;
  const params = parameters(op, where);
  const pathVars = pathTemplateVars(r.path);
  for (const v of pathVars) {
    const field = m.input.fields.find((f) => f.name === v);
    if (!field) throw new Error(`${where}: path variable {${v}} is not a field of ${m.input.typeName}`);
    const p = params.find((x) => x.in === "path" && x.name === v);
    if (!p) throw new Error(`${where}: no path parameter ${v}`);
    expect(p.required, `${where}: path parameter ${v} is required`).toBe(true);
    checkRequestField(field, obj(p.schema, `${where} path ${v}`), `${where} path {${v}}`, walk);
  }
  expect(
    params.filter((p) => p.in === "path").map((p) => p.name),
    `${where}: path parameters are the template's variables`,
  ).toEqual(pathVars);
  if (r.body === "*") {
    checkRequestMessage(m.input, requestBodySchema(op, where), `${where} body`, walk, pathVars);
  } else {
    if (r.body !== "") throw new Error(`${where}: body "${r.body}" is not mirrored by this test yet`);
    const rest = m.input.fields.filter((f) => !pathVars.includes(f.name));
    expect(rest.map((f) => f.name), `${where}: a route without body binds every field in the path`).toEqual([]);
  }
}

// ------------------------------------------------------------------ response walking (proto -> spec)

function checkResponseValue(field: DescField, schema: Obj, where: string, visit: (m: DescMessage, s: Obj, w: string) => void): void {
  const kind = field.fieldKind === "list" ? field.listKind : field.fieldKind;
  if (kind === "enum") {
    const e = field.enum;
    if (!e) throw new Error(`${where}: enum descriptor missing`);
    expect({ type: schema.type, enum: schema.enum }, `${where}: enum as value names`).toEqual({ type: "string", enum: enumNames(e) });
    return;
  }
  if (kind === "message") {
    const m = field.message;
    if (!m) throw new Error(`${where}: message descriptor missing`);
    if (m.typeName === "google.protobuf.Timestamp") {
      expect({ type: schema.type, format: schema.format }, `${where}: timestamp`).toEqual({ type: "string", format: "date-time" });
      return;
    }
    if (isWellKnown(m)) throw new Error(`${where}: well-known type ${m.typeName} is not mirrored by this test yet`);
    visit(m, schema, where);
    return;
  }
  const scalar = field.fieldKind === "list" || field.fieldKind === "scalar" ? field.scalar : undefined;
  switch (scalar) {
    case ScalarType.STRING:
      expect({ type: schema.type, format: schema.format }, `${where}: string`).toEqual({ type: "string", format: undefined });
      return;
    case ScalarType.BYTES:
      expect({ type: schema.type, format: schema.format }, `${where}: bytes`).toEqual({ type: "string", format: "byte" });
      return;
    case ScalarType.UINT64:
      expect({ type: schema.type, format: schema.format, pattern: schema.pattern }, `${where}: uint64 as a string`).toEqual({
        type: "string",
        format: "uint64",
        pattern: "^[0-9]+$",
      });
      return;
    default:
      throw new Error(`${where}: scalar type ${String(scalar)} is not mirrored by this test yet`);
  }
}

/** A response message: closed objects whose properties are fields of the proto message, with the wire types. */
function checkResponseMessage(doc: Obj, m: DescMessage, schema: Obj, where: string): void {
  expect(schema.type, `${where}: object`).toBe("object");
  expect(schema.additionalProperties, `${where}: undocumented fields are rejected`).toBe(false);
  const props = obj(schema.properties, `${where}.properties`);
  const byJson = new Map(m.fields.map((f) => [f.jsonName, f]));
  let omitted: string[] = [];
  if (m.typeName === "zitadel.v1.ObjectDetails") {
    const form = Object.keys(DETAILS_FORM_OMITS).find((name) => component(doc, name) === schema);
    if (!form) throw new Error(`${where}: ObjectDetails must be one of ${Object.keys(DETAILS_FORM_OMITS).join(", ")}`);
    omitted = DETAILS_FORM_OMITS[form] ?? [];
  }
  expect(Object.keys(props).sort(), `${where}: properties of ${m.typeName}`).toEqual(
    m.fields.map((f) => f.jsonName).filter((n) => !omitted.includes(n)).sort(),
  );
  for (const r of arr(schema.required ?? [], `${where}.required`)) {
    expect(Object.keys(props), `${where}: required ${String(r)} is a property`).toContain(r);
  }
  for (const [name, propSchema] of Object.entries(props)) {
    const field = byJson.get(name);
    if (!field) throw new Error(`${where}: ${name} is not a field of ${m.typeName}`);
    const s = obj(propSchema, `${where}.${name}`);
    const visit = (mm: DescMessage, ss: Obj, ww: string) => checkResponseMessage(doc, mm, ss, ww);
    if (field.fieldKind === "list") {
      expect(s.type, `${where}.${name}: repeated`).toBe("array");
      checkResponseValue(field, obj(s.items, `${where}.${name}.items`), `${where}.${name}[]`, visit);
    } else {
      checkResponseValue(field, s, `${where}.${name}`, visit);
    }
  }
}

// ---------------------------------------------------------------------------------------- ajv

/** Ajv in strict mode, so a misspelt keyword or an unknown format in the spec fails too. */
function strictAjv(): Ajv {
  const ajv = new Ajv({ strict: true, strictTypes: false, allErrors: true });
  addFormatsModule.default(ajv);
  ajv.addFormat("uint64", { type: "string", validate: /^[0-9]+$/ });
  ajv.addVocabulary(["example", "x-pgv-rules", "x-pgv-oneof-required"]);
  return ajv;
}

/** Every object in a (dereferenced, possibly shared) tree, once. */
function* walkObjects(v: unknown, path = "#", seen = new Set<unknown>()): Generator<[Obj, string]> {
  if (typeof v !== "object" || v === null || seen.has(v)) return;
  seen.add(v);
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) yield* walkObjects(x, `${path}/${i}`, seen);
    return;
  }
  yield [v as Obj, path];
  for (const [k, x] of Object.entries(v)) yield* walkObjects(x, `${path}/${k}`, seen);
}

// ------------------------------------------------------------------------------------------ tests

let doc: Obj; // dereferenced: shared components are the same object wherever they are used
let raw: Obj; // as written: $refs kept

beforeAll(async () => {
  doc = obj(await SwaggerParser.dereference(SPEC_PATH), "spec");
  raw = obj(await SwaggerParser.parse(SPEC_PATH), "spec");
});

describe("spec/management.openapi.yaml: document", () => {
  it("is a valid OpenAPI 3.0.3 document", async () => {
    const api = obj(await SwaggerParser.validate(SPEC_PATH), "validated spec");
    expect(api.openapi).toBe("3.0.3");
    expect(api.servers).toEqual([{ url: "/management/v1" }]);
  });

  it("requires a bearer token globally", () => {
    expect(raw.security).toEqual([{ bearerAuth: [] }]);
    expect(obj(obj(raw.components, "components").securitySchemes, "securitySchemes").bearerAuth).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
  });

  it("compiles with a strict JSON Schema validator (no unknown keywords or formats)", () => {
    const ajv = strictAjv();
    for (const [name, schema] of Object.entries(obj(obj(doc.components, "components").schemas, "schemas"))) {
      expect(() => ajv.compile(obj(schema, name)), name).not.toThrow();
    }
  });
});

describe("routes against ZITADEL's descriptors", () => {
  it.each(RPCS)("%s: google.api.http route, operationId and body", (rpc) => {
    const r = route(rpcDesc(rpc));
    const pathItem = obj(obj(raw.paths, "paths")[r.path], `spec path ${r.path} (${rpc})`);
    const op = obj(pathItem[r.method], `spec ${r.method.toUpperCase()} ${r.path}`);
    expect(op.operationId).toBe(`ManagementService_${rpc}`);
    if (r.body === "*") {
      const rb = obj(op.requestBody, `${rpc}.requestBody`);
      expect(rb.required, `${rpc}: an empty body is accepted`).toBe(false);
      expect(Object.keys(obj(rb.content, `${rpc} content`))).toEqual(["application/json"]);
    } else {
      expect(op.requestBody, `${rpc}: the route has no body`).toBeUndefined();
    }
  });

  it("has no operation that is not one of the RPCs, and no route twice", () => {
    const ops = operations(raw);
    const ids = ops.map((o) => String(o.op.operationId));
    expect(new Set(ids).size, "operationIds are unique").toBe(ids.length);
    for (const { path, method, op } of ops) {
      const id = String(op.operationId);
      const rpc = /^ManagementService_(\w+)$/.exec(id)?.[1];
      expect(rpc, `${method.toUpperCase()} ${path}: operationId ${id}`).toBeDefined();
      expect(RPCS as readonly string[], `${id} is one of the modelled RPCs`).toContain(rpc);
      const r = route(rpcDesc(rpc ?? ""));
      expect({ method, path }, `${id}: route`).toEqual({ method: r.method, path: r.path });
    }
    expect(ids.sort()).toEqual(RPCS.map((r) => `ManagementService_${r}`).sort());
  });

  it.each(RPCS)("%s: summary, description, tags, deprecation, org header, permission", (rpc) => {
    const m = rpcDesc(rpc);
    const oa = getOption(m, openapiv2_operation);
    expect(hasOption(m, openapiv2_operation), `${rpc} has OpenAPI annotations`).toBe(true);
    const { op } = operationById(doc, `ManagementService_${rpc}`);
    expect(op.summary).toBe(oa.summary);
    expect(op.description).toBe(oa.description);
    expect(op.tags).toEqual(oa.tags);
    expect(op.deprecated ?? false).toBe(oa.deprecated);
    expect(op["x-zitadel-permission"]).toBe(getOption(m, auth_option).permission);

    const headers = parameters(op, rpc).filter((p) => p.in === "header");
    expect(headers.map((h) => ({ name: h.name, required: h.required ?? false, description: h.description, schema: h.schema }))).toEqual(
      (oa.parameters?.headers ?? []).map((h) => ({ name: h.name, required: h.required, description: h.description, schema: { type: "string" } })),
    );
    // The org header is a shared component (one per wording), never written inline.
    const { op: rawOp } = operationById(raw, `ManagementService_${rpc}`);
    for (const p of parameters(rawOp, rpc).filter((x) => !("in" in x))) {
      expect(String(p.$ref)).toMatch(/^#\/components\/parameters\//);
    }
    expect(parameters(rawOp, rpc).filter((x) => x.in === "header"), `${rpc}: no inline header`).toEqual([]);

    const responses = obj(op.responses, `${rpc}.responses`);
    expect(Object.keys(responses).sort()).toEqual(["200", "default"]);
    expect(responseSchema(op, "default", rpc)).toBe(component(doc, "rpcStatus"));
  });
});

describe("request schemas against the protoc-gen-validate rules", () => {
  /** Collect what the walk sees; a mismatch on the way is reported by the per-RPC test above. */
  const walkRequestQuietly = (rpc: Rpc, walk: RequestWalk): void => {
    try {
      checkRequest(doc, rpc, walk);
    } catch {
      // reported by "<rpc>: every request field is documented …"
    }
  };

  it.each(RPCS)("%s: every request field is documented with its rule and matching bounds", (rpc) => {
    checkRequest(doc, rpc, { checked: new Set(), fields: [] });
  });

  it("covers the rules this contract is known to carry", () => {
    const walk: RequestWalk = { checked: new Set(), fields: [] };
    for (const rpc of RPCS) walkRequestQuietly(rpc, walk);
    expect(walk.fields).toEqual(
      expect.arrayContaining([
        "SetOrgMetadata path {key}",
        "SetOrgMetadata body.value",
        "BulkSetOrgMetadata body.metadata[].key",
        "BulkSetOrgMetadata body.metadata[].value",
        "BulkRemoveOrgMetadata body.keys",
        "ListOrgMetadata body.queries[].keyQuery.key",
        "ListOrgMetadata body.queries[].keyQuery.method",
        "ListOrgMetadata body.query.offset",
        "GetOrgMetadata path {key}",
        "RemoveOrgMetadata path {key}",
        "SetUserMetadata path {id}",
        "SetUserMetadata path {key}",
        "SetUserMetadata body.value",
        "BulkSetUserMetadata path {id}",
        "BulkSetUserMetadata body.metadata[].key",
        "BulkSetUserMetadata body.metadata[].value",
        "BulkRemoveUserMetadata path {id}",
        "BulkRemoveUserMetadata body.keys",
        "ListUserMetadata path {id}",
        "ListUserMetadata body.queries[].keyQuery.key",
        "ListUserMetadata body.query.limit",
        "GetUserMetadata path {id}",
        "GetUserMetadata path {key}",
        "RemoveUserMetadata path {id}",
        "RemoveUserMetadata path {key}",
      ]),
    );
    // Spot checks of the numbers, so the generic walk cannot silently agree with itself.
    expect(obj(component(doc, "SetOrgMetadataRequestBody").properties, "props").value).toMatchObject({
      minLength: 1,
      maxLength: 666668,
      "x-pgv-rules": { bytes: { minLen: 1, maxLen: 500000 } },
    });
    expect(obj(obj(component(doc, "BulkRemoveOrgMetadataRequest").properties, "props").keys, "keys")).toMatchObject({
      items: { type: "string", minLength: 1, maxLength: 200 },
      "x-pgv-rules": { repeated: { items: { string: { minLen: 1, maxLen: 200 } } } },
    });
    expect(component(doc, "MetadataQuery")["x-pgv-oneof-required"]).toBe(true);
  });

  it("has no x-pgv-* extension that does not mirror a proto rule of a request field", () => {
    const walk2: RequestWalk = { checked: new Set(), fields: [] };
    for (const rpc of RPCS) walkRequestQuietly(rpc, walk2);
    const stray = [...walkObjects(doc)]
      .filter(([o]) => Object.keys(o).some((k) => k.startsWith("x-pgv-")))
      .filter(([o]) => !walk2.checked.has(o))
      .map(([, path]) => path);
    expect(stray).toEqual([]);
  });
});

describe("response schemas against the proto response messages", () => {
  it.each(RPCS)("%s: 200 body is the response message, closed, with wire types", (rpc) => {
    const m = rpcDesc(rpc);
    const { op } = operationById(doc, `ManagementService_${rpc}`);
    checkResponseMessage(doc, m.output, responseSchema(op, "200", rpc), `${rpc} 200`);
  });

  it.each(Object.entries(DETAILS_FORM))("%s returns %s", (rpc, form) => {
    const { op } = operationById(doc, `ManagementService_${rpc}`);
    expect(obj(responseSchema(op, "200", rpc).properties, "props").details).toBe(component(doc, form));
  });

  it("reads (Get, List items, GetMyOrg) carry ViewObjectDetails; List carries ListDetails", () => {
    const view = component(doc, "ViewObjectDetails");
    expect(obj(component(doc, "Metadata").properties, "Metadata").details).toBe(view);
    expect(obj(component(doc, "Org").properties, "Org").details).toBe(view);
    const list = responseSchema(operationById(doc, "ManagementService_ListOrgMetadata").op, "200", "List");
    expect(obj(list.properties, "List").details).toBe(component(doc, "ListDetails"));
    expect(obj(obj(list.properties, "List").result, "result").items).toBe(component(doc, "Metadata"));
    const get = responseSchema(operationById(doc, "ManagementService_GetOrgMetadata").op, "200", "Get");
    expect(obj(get.properties, "Get").metadata).toBe(component(doc, "Metadata"));
    const userList = responseSchema(operationById(doc, "ManagementService_ListUserMetadata").op, "200", "ListUser");
    expect(obj(userList.properties, "ListUser").details).toBe(component(doc, "ListDetails"));
    expect(obj(obj(userList.properties, "ListUser").result, "result").items).toBe(component(doc, "Metadata"));
    const userGet = responseSchema(operationById(doc, "ManagementService_GetUserMetadata").op, "200", "GetUser");
    expect(obj(userGet.properties, "GetUser").metadata).toBe(component(doc, "Metadata"));
  });

  it("requires exactly the fields ZITADEL always sends", () => {
    const required = (name: string) => component(doc, name).required;
    expect(required("SetObjectDetails")).toEqual(["sequence", "creationDate", "resourceOwner"]);
    expect(required("ChangeObjectDetails")).toEqual(["sequence", "changeDate", "resourceOwner"]);
    expect(required("ViewObjectDetails")).toEqual(["sequence", "creationDate", "changeDate", "resourceOwner"]);
    expect(required("ListDetails")).toBeUndefined();
    expect(required("Metadata")).toEqual(["details", "key", "value"]);
    expect(required("ListOrgMetadataResponse")).toEqual(["details"]);
    expect(required("rpcStatus")).toEqual(["code", "message"]);
    expect(required("ErrorDetailAny")).toEqual(["@type"]);
  });
});

describe("schemas as a validator sees them", () => {
  let ajv: Ajv;
  const compiled = new Map<Obj, ValidateFunction>();
  const validate = (schema: Obj, value: unknown): boolean => {
    let fn = compiled.get(schema);
    if (!fn) {
      fn = ajv.compile(schema);
      compiled.set(schema, fn);
    }
    return fn(value);
  };
  const ok = (name: string, value: unknown) => expect(validate(component(doc, name), value), `${name} accepts ${JSON.stringify(value)}`).toBe(true);
  const bad = (name: string, value: unknown) => expect(validate(component(doc, name), value), `${name} rejects ${JSON.stringify(value)}`).toBe(false);

  beforeAll(() => {
    ajv = strictAjv();
  });

  it("every example validates against its schema", () => {
    let count = 0;
    for (const [o, path] of walkObjects(doc)) {
      if (isObj(o.schema) && isObj(o.examples)) {
        for (const [name, ex] of Object.entries(o.examples)) {
          expect(validate(o.schema, obj(ex, name).value), `${path}/examples/${name}`).toBe(true);
          count++;
        }
      }
      if (isObj(o.schema) && "example" in o) {
        expect(validate(o.schema, o.example), `${path}/example`).toBe(true);
        count++;
      }
      if ("example" in o && ("type" in o || "anyOf" in o)) {
        expect(validate(o, o.example), `${path}/example`).toBe(true);
        count++;
      }
    }
    expect(count).toBeGreaterThan(20);
  });

  it("responses: the details form, wire types and no undocumented field", () => {
    const ts = "2024-11-15T21:46:16.103Z";
    ok("SetOrgMetadataResponse", { details: { sequence: "2", creationDate: ts, resourceOwner: "1" } });
    bad("SetOrgMetadataResponse", { details: { sequence: "2", creationDate: ts, changeDate: ts, resourceOwner: "1" } });
    bad("SetOrgMetadataResponse", { id: "1", details: { sequence: "2", creationDate: ts, resourceOwner: "1" } });
    bad("SetOrgMetadataResponse", { details: { sequence: 2, creationDate: ts, resourceOwner: "1" } });
    ok("RemoveOrgMetadataResponse", { details: { sequence: "3", changeDate: ts, resourceOwner: "1" } });
    bad("RemoveOrgMetadataResponse", { details: { sequence: "3", creationDate: ts, resourceOwner: "1" } });
    bad("BulkSetOrgMetadataResponse", {});
    // SetUserMetadataResponse.id exists in the proto but ZITADEL never fills it.
    ok("SetUserMetadataResponse", { details: { sequence: "4", creationDate: ts, resourceOwner: "1" } });
    bad("SetUserMetadataResponse", { details: { sequence: "4", changeDate: ts, resourceOwner: "1" } });
    bad("BulkRemoveUserMetadataResponse", { details: { sequence: "4", creationDate: ts, resourceOwner: "1" } });
    ok("ListOrgMetadataResponse", { details: {} });
    ok("ListOrgMetadataResponse", { details: { viewTimestamp: ts } });
    bad("ListOrgMetadataResponse", { details: { totalResult: 1 } });
    bad("ListOrgMetadataResponse", { details: {}, result: [{ key: "k", value: "dg==" }] });
    bad("GetOrgMetadataResponse", { metadata: { details: { sequence: "1", creationDate: ts, changeDate: ts, resourceOwner: "1" }, key: "k", value: "dg", extra: 1 } });
    bad("GetOrgMetadataResponse", { metadata: { details: { sequence: "1", creationDate: "yesterday", changeDate: ts, resourceOwner: "1" }, key: "k", value: "dg==" } });
    ok("GetMyOrgResponse", { org: { id: "1", details: { sequence: "1", creationDate: ts, changeDate: ts, resourceOwner: "1" }, state: "ORG_STATE_ACTIVE", name: "n" } });
    bad("GetMyOrgResponse", { org: { id: "1", details: { sequence: "1", creationDate: ts, changeDate: ts, resourceOwner: "1" }, state: 1, name: "n" } });
    ok("rpcStatus", { code: 16, message: "auth header missing" });
    ok("rpcStatus", { code: 5, message: "Metadata not found (QUERY-Rph32)", details: [{ "@type": "type.googleapis.com/zitadel.v1.ErrorDetail", id: "QUERY-Rph32", message: "Metadata not found" }] });
    bad("rpcStatus", { code: 5, message: "m", details: [{ "@type": "t", id: "X", message: "m", extra: true }] });
    bad("rpcStatus", { code: 5, message: "m", error: "m" });
  });

  it("requests: what protojson decodes is accepted; lengths count code points; base64 text bounds", () => {
    ok("ListOrgMetadataRequest", {});
    ok("ListOrgMetadataRequest", { unknown: 1, query: { offset: 5, limit: 0 }, queries: [{}] });
    ok("ListOrgMetadataRequest", { query: { offset: "18446744073709551615", limit: 4294967295, asc: false } });
    ok("ListOrgMetadataRequest", { queries: [{ keyQuery: { key: "", method: 7 } }, { keyQuery: { method: "TEXT_QUERY_METHOD_CONTAINS" } }] });
    bad("ListOrgMetadataRequest", { query: { offset: "-1" } });
    bad("ListOrgMetadataRequest", { query: { limit: 4294967296 } });
    bad("ListOrgMetadataRequest", { queries: [{ keyQuery: { method: "TEXT_QUERY_METHOD_LIKE" } }] });
    bad("ListOrgMetadataRequest", { queries: [{ keyQuery: { key: "k".repeat(201) } }] });
    ok("SetOrgMetadataRequestBody", {});
    ok("SetOrgMetadataRequestBody", { value: "A".repeat(666668) });
    bad("SetOrgMetadataRequestBody", { value: "A".repeat(666672) });
    bad("SetOrgMetadataRequestBody", { value: "" });
    ok("BulkSetOrgMetadataRequestMetadata", { key: "😀".repeat(200), value: "dg==" }); // 200 runes, 800 bytes
    bad("BulkSetOrgMetadataRequestMetadata", { key: "😀".repeat(201) });
    ok("BulkRemoveOrgMetadataRequest", { keys: [] });
    bad("BulkRemoveOrgMetadataRequest", { keys: ["a", ""] });
  });
});
