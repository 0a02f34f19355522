// The v2 REST contract (spec/v2.openapi.yaml) checked against ZITADEL's own descriptors in
// @zitadel/proto: routes and bodies from google.api.http, the permission of the v2 auth option, the
// request fields and their protoc-gen-validate rules (path, body or query), and the response fields.
import { fileURLToPath } from "node:url";
import SwaggerParser from "@apidevtools/swagger-parser";
import { type DescMessage, type DescMethod, getOption } from "@bufbuild/protobuf";
import { OrganizationService } from "@zitadel/proto/zitadel/org/v2beta/org_service_pb.js";
import { options as v2Options } from "@zitadel/proto/zitadel/protoc_gen_zitadel/v2/options_pb.js";
import { UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { beforeAll, describe, expect, it } from "vitest";
import { type Obj, type RequestWalk, checkRequestOf, obj, operationById, operations, responseSchema, route, strictAjv } from "./descriptor-rules.js";

const SPEC_PATH = fileURLToPath(new URL("./v2.openapi.yaml", import.meta.url));

/** The mocked v2 RPCs, by ZITADEL's operationId (`<Service>_<Rpc>`). */
const RPCS: ReadonlyArray<[string, DescMethod]> = [
  ...["SetOrganizationMetadata", "ListOrganizationMetadata", "DeleteOrganizationMetadata"].map((name) => method(OrganizationService.methods, name)),
  ...["SetUserMetadata", "ListUserMetadata", "DeleteUserMetadata"].map((name) => method(UserService.methods, name)),
];

function method(methods: readonly DescMethod[], name: string): [string, DescMethod] {
  const found = methods.find((m) => m.name === name);
  if (!found) throw new Error(`no RPC ${name}`);
  return [`${found.parent.name}_${name}`, found];
}

/** Response fields as protojson names, recursively: what the schema's properties must be. */
function checkResponse(m: DescMessage, schema: Obj, where: string): void {
  expect(schema.additionalProperties, `${where}: no undocumented field`).toBe(false);
  const props = obj(schema.properties, `${where}.properties`);
  expect(Object.keys(props).sort(), `${where}: the fields of ${m.typeName}`).toEqual(m.fields.map((f) => f.jsonName).sort());
  for (const field of m.fields) {
    const nested = field.fieldKind === "list" ? field.message : field.fieldKind === "message" ? field.message : undefined;
    if (!nested || nested.typeName.startsWith("google.protobuf.")) continue;
    const value = obj(props[field.jsonName], `${where}.${field.jsonName}`);
    checkResponse(nested, field.fieldKind === "list" ? obj(value.items, `${where}.${field.jsonName}.items`) : value, `${where}.${field.jsonName}`);
  }
}

let doc: Obj;
beforeAll(async () => {
  doc = obj(await SwaggerParser.dereference(SPEC_PATH), "spec");
});

describe("spec/v2.openapi.yaml", () => {
  it("is a valid OpenAPI 3.0.3 document whose schemas compile with a strict validator", async () => {
    const api = obj(await SwaggerParser.validate(SPEC_PATH), "validated spec");
    expect(api.openapi).toBe("3.0.3");
    const ajv = strictAjv();
    for (const [name, schema] of Object.entries(obj(obj(doc.components, "components").schemas, "schemas"))) {
      expect(() => ajv.compile(obj(schema, name)), name).not.toThrow();
    }
  });

  it("has exactly the mocked RPCs' operations", () => {
    expect(operations(doc).map((o) => String(o.op.operationId)).sort()).toEqual(RPCS.map(([id]) => id).sort());
  });

  it.each(RPCS)("%s: google.api.http route and body, v2 auth option", (operationId, m) => {
    const r = route(m);
    const { path, method: httpMethod, op } = operationById(doc, operationId);
    expect({ path, method: httpMethod }).toEqual({ path: r.path, method: r.method });
    expect(op.requestBody !== undefined, `${operationId}: body "*" <-> requestBody`).toBe(r.body === "*");
    expect(op["x-zitadel-permission"]).toBe(getOption(m, v2Options).authOption?.permission);
  });

  it.each(RPCS)("%s: every request field is documented with its rule and matching bounds", (operationId, m) => {
    const walk: RequestWalk = { checked: new Set(), fields: [] };
    checkRequestOf(doc, m, operationId, walk);
    expect(walk.fields.length).toBeGreaterThan(0);
  });

  it.each(RPCS)("%s: the 200 response documents the response message's fields", (operationId, m) => {
    checkResponse(m.output, responseSchema(operationById(doc, operationId).op, "200", operationId), operationId);
  });
});
