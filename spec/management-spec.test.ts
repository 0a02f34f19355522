// The REST contract (spec/management.openapi.yaml) checked against ZITADEL's own descriptors in
// @zitadel/proto: routes, OpenAPI annotations, permissions, request field rules (protoc-gen-validate)
// and the shape of request/response schemas. Everything is read from the descriptors generically, so a
// field, rule or route that is added on one side only makes a test fail.
import { fileURLToPath } from "node:url";
import SwaggerParser from "@apidevtools/swagger-parser";
import { getOption, hasOption, ScalarType } from "@bufbuild/protobuf";
import type { DescField, DescMessage, DescMethod } from "@bufbuild/protobuf";
import { openapiv2_operation } from "@zitadel/proto/protoc-gen-openapiv2/options/annotations_pb.js";
import { ManagementService } from "@zitadel/proto/zitadel/management_pb.js";
import { auth_option } from "@zitadel/proto/zitadel/options_pb.js";
import type { Ajv, ValidateFunction } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type Obj,
  type RequestWalk,
  arr,
  checkRequestOf,
  component,
  enumNames,
  isObj,
  isWellKnown,
  obj,
  operationById,
  operations,
  parameters,
  responseSchema,
  route,
  strictAjv,
  walkObjects,
} from "./descriptor-rules.js";

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

function rpcDesc(name: string): DescMethod {
  const m = ManagementService.methods.find((x) => x.name === name);
  if (!m) throw new Error(`ManagementService has no RPC ${name}`);
  return m;
}

/** Walk an RPC's request message against its operation: path parameters, then the body. */
function checkRequest(doc: Obj, rpc: Rpc, walk: RequestWalk): void {
  checkRequestOf(doc, rpcDesc(rpc), `ManagementService_${rpc}`, walk);
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
