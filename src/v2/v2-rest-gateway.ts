import { type DescField, type Message, ScalarType } from "@bufbuild/protobuf";
import { runGatewayRpc } from "../api/rpc-pipeline.js";
import { callOf, runSyncCall } from "../control/call-context.js";
import type { Instance } from "../core/instance.js";
import { packageFile } from "../package-root.js";
import { decodeRequest } from "../rest/decode-request.js";
import { isCutOff, type OperationCall, readProtojsonBody, routeDispatch, sendRpcResponse } from "../rest/gateway-dispatch.js";
import { credentialsFromHeaders } from "../rest/gateway-metadata.js";
import { RouteTable } from "../rest/route-table.js";
import { type SpecRoute, readSpec, specRoutes } from "../rest/spec-routes.js";
import { headerOf } from "../server/node-http.js";
import { type V2Rpc, V2_RPCS } from "./v2-rpcs.js";

/** The OpenAPI document of the v2 REST routes (its test checks it against the descriptors' http rules). */
export const V2_SPEC = packageFile("spec", "v2.openapi.yaml");

/** `OrganizationService_SetOrganizationMetadata` (ZITADEL's operationIds) -> the mocked RPC. */
const rpcOf = (operationId: string | undefined): V2Rpc => {
  const rpc = [...V2_RPCS.values()].find(({ service, method }) => `${service.name}_${method.name}` === operationId);
  if (!rpc) throw new Error(`spec/v2.openapi.yaml: operation ${operationId} is no v2 RPC the mock implements`);
  return rpc;
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
 * spec/v2.openapi.yaml, into the shared RPC pipeline (api/rpc-pipeline). Bodies decode as for v1 (protojson), and errors are the
 * v1 gateway's JSON (numeric code, `@type` details): the gateway reaches the v2 services over gRPC.
 * The path is the REST gateway's, already cleaned (gateway-path.ts) with ZITADEL's headers set.
 */
export const createV2RestGateway = (instance: Instance, specPath = V2_SPEC) => {
  const routes = new RouteTable("", specRoutes(readSpec(specPath), rpcOf));
  const call: OperationCall<SpecRoute<V2Rpc>> = async (req, res, operation, params) => {
    const { method } = operation.rpc;
    const body = operation.hasBody ? await readProtojsonBody(req, res, method.input) : undefined;
    const request = decodeRequest(method.input, body, params);
    if (!operation.hasBody) applyQuery(request, method.input.fields, (req.url ?? "").split("?")[1] ?? "", params);
    if (isCutOff(res)) return; // the client left while the body was read (as in rest-gateway.ts)
    const credentials = credentialsFromHeaders((name) => headerOf(req, name));
    sendRpcResponse(res, runSyncCall(callOf(req), () => runGatewayRpc(instance, operation.rpc, request, credentials)));
  };
  return routeDispatch(routes, call);
};
