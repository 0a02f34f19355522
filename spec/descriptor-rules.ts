// What the spec tests check a REST contract (spec/*.openapi.yaml) with, against ZITADEL's descriptors
// in @zitadel/proto: reading the document, the google.api.http route of an RPC, and the walk of a
// request message against its schemas (protoc-gen-validate rules mirrored as x-pgv-rules and JSON
// Schema bounds). Used by management-spec.test.ts and v2-spec.test.ts.
import { getOption, hasOption, toJson, ScalarType } from "@bufbuild/protobuf";
import type { DescEnum, DescField, DescMessage, DescMethod } from "@bufbuild/protobuf";
import { http } from "@zitadel/proto/google/api/annotations_pb.js";
import { FieldRulesSchema, required as oneofRequired, rules } from "@zitadel/proto/validate/validate_pb.js";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { expect } from "vitest";

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

// ------------------------------------------------------------------------------------------ helpers

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function obj(v: unknown, where: string): Obj {
  if (!isObj(v)) throw new Error(`${where}: expected an object, got ${JSON.stringify(v)}`);
  return v;
}

export function arr(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new Error(`${where}: expected an array, got ${JSON.stringify(v)}`);
  return v;
}


export interface Route {
  method: string;
  path: string;
  body: string;
}

/** The google.api.http route of an RPC, with the method in OpenAPI's lower case. */
export function route(m: DescMethod): Route {
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

export function pathTemplateVars(path: string): string[] {
  return [...path.matchAll(/\{([^}=]+)(?:=[^}]*)?\}/g)].map((x) => x[1] ?? "");
}

export interface SpecOperation {
  path: string;
  method: string;
  op: Obj;
}

export function operations(doc: Obj): SpecOperation[] {
  const out: SpecOperation[] = [];
  for (const [path, item] of Object.entries(obj(doc.paths, "paths"))) {
    for (const method of HTTP_METHODS) {
      const op = obj(item, `paths.${path}`)[method];
      if (op !== undefined) out.push({ path, method, op: obj(op, `${method} ${path}`) });
    }
  }
  return out;
}

export function operationById(doc: Obj, operationId: string): SpecOperation {
  const found = operations(doc).find((o) => o.op.operationId === operationId);
  if (!found) throw new Error(`spec has no operation ${operationId}`);
  return found;
}

export function parameters(op: Obj, where: string): Obj[] {
  return arr(op.parameters ?? [], `${where}.parameters`).map((p, i) => obj(p, `${where}.parameters[${i}]`));
}

export function requestBodySchema(op: Obj, where: string): Obj {
  const rb = obj(op.requestBody, `${where}.requestBody`);
  const content = obj(rb.content, `${where}.requestBody.content`);
  return obj(obj(content["application/json"], `${where} application/json`).schema, `${where} body schema`);
}

export function responseSchema(op: Obj, status: string, where: string): Obj {
  const res = obj(obj(op.responses, `${where}.responses`)[status], `${where}.responses.${status}`);
  const content = obj(res.content, `${where}.responses.${status}.content`);
  return obj(obj(content["application/json"], `${where} ${status} application/json`).schema, `${where} ${status} schema`);
}

export function component(doc: Obj, name: string): Obj {
  return obj(obj(obj(doc.components, "components").schemas, "components.schemas")[name], `components.schemas.${name}`);
}

export function enumNames(e: DescEnum): string[] {
  return e.values.map((v) => v.name);
}

export function isWellKnown(m: DescMessage): boolean {
  return m.typeName.startsWith("google.protobuf.");
}

/**
 * A protoc-gen-validate rule in the shape the spec mirrors in `x-pgv-rules`: the protobuf JSON form of
 * validate.FieldRules, with the 64-bit integers (JSON strings in protobuf JSON) as numbers.
 */
export function pgvRules(field: DescField): Obj {
  return obj(unstringInts(toJson(FieldRulesSchema, getOption(field, rules))), `${field.parent.name}.${field.name} rules`);
}

export function unstringInts(v: unknown): unknown {
  if (typeof v === "string" && /^-?[0-9]+$/.test(v)) return Number(v);
  if (Array.isArray(v)) return v.map(unstringInts);
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unstringInts(x)]));
  return v;
}

/** The only key of a oneof-like object ({string: {...}}) and its value. */
export function single(o: Obj, where: string): [string, Obj] {
  const entries = Object.entries(o);
  if (entries.length !== 1) throw new Error(`${where}: expected exactly one rule type, got ${JSON.stringify(o)}`);
  const [k, v] = entries[0] as [string, unknown];
  return [k, obj(v, `${where}.${k}`)];
}

export function onlyKeys(o: Obj, allowed: string[], where: string): void {
  const unsupported = Object.keys(o).filter((k) => !allowed.includes(k));
  if (unsupported.length) {
    throw new Error(`${where}: rule(s) ${unsupported.join(", ")} are not mirrored by this test yet; extend the spec and the test`);
  }
}

export function base64Length(decodedBytes: number): number {
  return 4 * Math.ceil(decodedBytes / 3);
}

// -------------------------------------------------------------------- request walking (proto -> spec)

/** What the request walk saw, so the reverse check can find rules in the spec that mirror nothing. */
export interface RequestWalk {
  checked: Set<Obj>;
  fields: string[];
}

export const UINT32_REQUEST = [
  { type: "integer", minimum: 0, maximum: 4294967295 },
  { type: "string", pattern: "^[0-9]{1,10}$" },
];
export const UINT64_REQUEST = [
  { type: "string", pattern: "^[0-9]+$" },
  { type: "integer", minimum: 0 },
];

/** JSON Schema of one value (a singular field, or one element of a repeated field) in a request. */
export function checkRequestValue(field: DescField, schema: Obj, where: string, walk: RequestWalk): void {
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
export function checkBounds(field: DescField, rule: Obj | undefined, schema: Obj, where: string): void {
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

export function checkElementBounds(field: DescField, rule: Obj | undefined, schema: Obj, where: string): void {
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

export function checkRequestField(field: DescField, schema: Obj, where: string, walk: RequestWalk): void {
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
export function checkRequestMessage(m: DescMessage, schema: Obj, where: string, walk: RequestWalk, boundElsewhere: string[]): void {
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
// ---------------------------------------------------------------------------------------- ajv

/** Ajv in strict mode, so a misspelt keyword or an unknown format in the spec fails too. */
export function strictAjv(): Ajv {
  const ajv = new Ajv({ strict: true, strictTypes: false, allErrors: true });
  addFormatsModule.default(ajv);
  ajv.addFormat("uint64", { type: "string", validate: /^[0-9]+$/ });
  ajv.addVocabulary(["example", "x-pgv-rules", "x-pgv-oneof-required"]);
  return ajv;
}

/** Every object in a (dereferenced, possibly shared) tree, once. */
export function* walkObjects(v: unknown, path = "#", seen = new Set<unknown>()): Generator<[Obj, string]> {
  if (typeof v !== "object" || v === null || seen.has(v)) return;
  seen.add(v);
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) yield* walkObjects(x, `${path}/${i}`, seen);
    return;
  }
  yield [v as Obj, path];
  for (const [k, x] of Object.entries(v)) yield* walkObjects(x, `${path}/${k}`, seen);
}


/**
 * Walks an RPC's request message against its operation: path parameters, then the body (`body: "*"`)
 * or, for a route without body, the query parameters (grpc-gateway fills the fields the path does not
 * bind from the query).
 */
export function checkRequestOf(doc: Obj, m: DescMethod, operationId: string, walk: RequestWalk): void {
  const r = route(m);
  const { op } = operationById(doc, operationId);
  const where = m.name;
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
    return;
  }
  if (r.body !== "") throw new Error(`${where}: body "${r.body}" is not mirrored by this test yet`);
  const rest = m.input.fields.filter((f) => !pathVars.includes(f.name));
  const query = params.filter((p) => p.in === "query");
  expect(query.map((p) => p.name), `${where}: a route without body takes the other fields from the query`).toEqual(rest.map((f) => f.name));
  for (const field of rest) {
    const p = query.find((x) => x.name === field.name)!;
    checkRequestField(field, obj(p.schema, `${where} query ${field.name}`), `${where} query ${field.name}`, walk);
  }
}
