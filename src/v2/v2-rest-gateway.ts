import { readFileSync } from "node:fs";
import { type DescField, type Message, ScalarType } from "@bufbuild/protobuf";
import { load as parseYaml } from "js-yaml";
import { assertMessageSize } from "../api/message-limits.js";
import { Errors, ZitadelError } from "../core/errors.js";
import type { Instance } from "../core/instance.js";
import { packageFile } from "../package-root.js";
import { decodeRequest } from "../rest/decode-request.js";
import { credentialsFromHeaders } from "../rest/gateway-metadata.js";
import { withEncodedSlashesAsSeparators } from "../rest/gateway-path.js";
import { decodeJsonBody } from "../rest/json-body-decoding.js";
import { readBodyBytes, requestReadError } from "../rest/read-request-body.js";
import { toJsonText } from "../rest/response-json.js";
import { sendError, sendJsonText, toZitadelError } from "../rest/rest-responses.js";
import { headerOf, type NodeRequest, type NodeResponse } from "../server/node-http.js";
import { RouteTable } from "../rest/route-table.js";
import { type V2Rpc, V2_RPCS, invokeV2Rpc } from "./v2-rpcs.js";

/** The OpenAPI document of the v2 REST routes (its test checks it against the descriptors' http rules). */
export const V2_SPEC = packageFile("spec", "v2.openapi.yaml");

interface V2RestOperation {
  readonly path: string;
  readonly method: string;
  readonly rpc: V2Rpc;
  /** `body: "*"` (the spec's requestBody); without, the fields not in the path are query parameters. */
  readonly hasBody: boolean;
}

/** `OrganizationService_SetOrganizationMetadata` (ZITADEL's operationIds) -> the mocked RPC. */
const rpcOf = (operationId: string | undefined): V2Rpc => {
  const rpc = [...V2_RPCS.values()].find(({ service, method }) => `${service.name}_${method.name}` === operationId);
  if (!rpc) throw new Error(`spec/v2.openapi.yaml: operation ${operationId} is no v2 RPC the mock implements`);
  return rpc;
};

const specOperations = (specPath: string): V2RestOperation[] => {
  type SpecOperation = { operationId?: string; requestBody?: unknown };
  const spec = parseYaml(readFileSync(specPath, "utf8")) as { paths?: Record<string, Record<string, SpecOperation>> };
  return Object.entries(spec.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
      .map(([method, operation]) => ({ path, method, rpc: rpcOf(operation.operationId), hasBody: operation.requestBody !== undefined })),
  );
};

const isStringField = (field: DescField): boolean =>
  (field.fieldKind === "scalar" || field.fieldKind === "list") && field.scalar === ScalarType.STRING;

/**
 * grpc-gateway's PopulateQueryParameters for a route without body: a parameter named like a request
 * field (proto or JSON name) that the path does not bind sets it; repeated fields take every value
 * (`?keys=a&keys=b`). Other parameters are ignored. The metadata RPCs have string fields only there.
 */
const applyQuery = (request: Message, fields: readonly DescField[], query: string, pathParams: Record<string, string>): void => {
  const target = request as unknown as Record<string, unknown>;
  for (const [name, value] of new URLSearchParams(query)) {
    const field = fields.find((f) => (f.name === name || f.jsonName === name) && !(f.name in pathParams) && isStringField(f));
    if (!field) continue;
    if (field.fieldKind === "list") (target[field.localName] as string[]).push(value);
    else target[field.localName] = value;
  }
};

/**
 * The v2 REST routes of ZITADEL's grpc-gateway (`/v2/users/...`, `/v2beta/organizations/...`), from
 * spec/v2.openapi.yaml, into the v2 pipeline. Bodies decode as for v1 (protojson), and errors are the
 * v1 gateway's JSON (numeric code, `@type` details): the gateway reaches the v2 services over gRPC.
 * The path is the REST gateway's, already cleaned (gateway-path.ts) with ZITADEL's headers set.
 */
export const createV2RestGateway = (instance: Instance, specPath = V2_SPEC) => {
  const routes = new RouteTable("", specOperations(specPath));
  const call = async (req: NodeRequest, res: NodeResponse, operation: V2RestOperation, params: Record<string, string>) => {
    const { method } = operation.rpc;
    const body = operation.hasBody ? decodeJsonBody(method.input, await readBodyBytes(req, res)) : undefined;
    const request = decodeRequest(method.input, body, params);
    if (!operation.hasBody) applyQuery(request, method.input.fields, (req.url ?? "").split("?")[1] ?? "", params);
    const response = invokeV2Rpc(instance, operation.rpc, request, credentialsFromHeaders((name) => headerOf(req, name)));
    assertMessageSize(method.output, response as never);
    sendJsonText(res, 200, toJsonText(method.output, response as never));
  };
  return (req: NodeRequest, res: NodeResponse, path: string): void => {
    const fail = (error: unknown) => {
      if (!res.headersSent) sendError(res, requestReadError(error) ?? toZitadelError(error));
    };
    try {
      const match = routes.match(req.method ?? "", withEncodedSlashesAsSeparators(path));
      if (match.kind === "notFound") return sendError(res, new ZitadelError(Errors.routeNotFound));
      if (match.kind === "methodNotAllowed") return sendError(res, new ZitadelError(Errors.methodNotAllowed), 405);
      call(req, res, match.operation, match.params).catch(fail);
    } catch (error) {
      fail(error);
    }
  };
};
