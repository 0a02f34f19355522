import type { ErrorObject, ValidateFunction } from "ajv";
import type { OpenAPIBackend } from "openapi-backend";
import { callOf, runSyncCall } from "../control/call-context.js";
import type { Instance } from "../core/instance.js";
import { ManagementService, isMockedRpc, managementRpc, type MockedRpcName } from "../api/management-api.js";
import { MessageTooLargeError } from "../api/message-limits.js";
import { runGatewayRpc } from "../api/rpc-pipeline.js";
import { decodeRequest } from "./decode-request.js";
import { answerFailure, isCutOff, readProtojsonBody, routeDispatch, sendRpcResponse } from "./gateway-dispatch.js";
import { probeRoutes } from "./probe-routes.js";
import { credentialsFromHeaders } from "./gateway-metadata.js";
import { cleanPathRedirect } from "./gateway-path.js";
import { importOpenApiBackend } from "./openapi-backend-loading.js";
import { addProtojsonFormats } from "./protojson-formats.js";
import { headerOf, type NodeRequest, type NodeResponse } from "../server/node-http.js";
import { sendError } from "./rest-responses.js";
import { RouteTable } from "./route-table.js";
import { type SpecRoute, readSpec, specRoutes } from "./spec-routes.js";
import { undecodableRequest } from "./validation-errors.js";
import { createV2RestDispatch } from "../v2/v2-dispatch.js";
import { removeNoCacheMetadataHeaders, sendRedirect, setNoCacheMetadataHeaders, setZitadelRestHeaders } from "./zitadel-response-headers.js";

export const MANAGEMENT_API_ROOT = "/management/v1";

export type { NodeRequest, NodeResponse };

export interface RestGatewayOptions {
  readonly instance: Instance;
  /** Path of the OpenAPI document that routes and validates the Management API. */
  readonly specPath: string;
}

/** Answers one request; never throws (every failure is answered in ZITADEL's shape). */
export type RestHandler = (req: NodeRequest, res: NodeResponse) => void;

export interface RestGateway {
  /** One REST request of either HTTP version (HTTP/2 through Node's compatibility API). */
  readonly handle: RestHandler;
}

/** `ManagementService_SetOrgMetadata` -> `setOrgMetadata`. */
const rpcNameOf = (operationId: string): string => {
  const method = operationId.replace(/^ManagementService_/, "");
  return method.charAt(0).toLowerCase() + method.slice(1);
};

/** A spec operation with what serving it needs, resolved once. */
interface RestOperation extends SpecRoute<MockedRpcName> {
  /** Compiled on the operation's first request (openapi-backend caches them). */
  validators?: readonly ValidateFunction[];
}

/** The RPC behind a spec operation; fails start-up for an operation the mock has no RPC for. */
const rpcOf = (operationId: string | undefined): MockedRpcName => {
  const name = rpcNameOf(operationId ?? "");
  if (!isMockedRpc(name)) throw new Error(`spec operation ${operationId} is no RPC the mock implements`);
  return name;
};

/** The path of a request URL (express's `req.path`): before the query, absolute-form URLs included. */
const pathOf = (url: string): string => {
  const path = url.split("?", 1)[0]!;
  return path.startsWith("/") ? path : new URL(path, "http://absolute-form").pathname;
};


/**
 * The REST gateway: the OpenAPI document routes (a table built at start from openapi-backend's
 * operations) and validates (the operation's own ajv validators, compiled on first use), every
 * operation goes to the same RPC pipeline as gRPC, and responses are the RPC's response message in
 * protojson, as grpc-gateway sends. It works on Node's request/response pair of either HTTP version,
 * so express hosts it for HTTP/1.1 and HTTP/2 streams reach it directly.
 */
export const createRestGateway = async ({ instance, specPath }: RestGatewayOptions): Promise<RestGateway> => {
  // The YAML is parsed once: the route table reads it now, openapi-backend gets the same document later.
  // Routing needs no more than the operations, so openapi-backend itself (and ajv) load only when the
  // first API request needs validation (decision 009).
  const spec = readSpec(specPath);
  const routes = new RouteTable<RestOperation>(MANAGEMENT_API_ROOT, specRoutes(spec, rpcOf));
  let backend: Promise<OpenAPIBackend> | undefined;
  /** openapi-backend over the same document, loaded once, on first use. */
  const loadBackend = (): Promise<OpenAPIBackend> =>
    (backend ??= importOpenApiBackend().then(async ({ OpenAPIBackend }) => {
      const api = new OpenAPIBackend({
        // The parsed document (openapi-backend dereferences it in place; the routes are read already).
        definition: spec as never,
        apiRoot: MANAGEMENT_API_ROOT,
        // The spec is checked by its own test; `quick` skips validating the document again and
        // compiles an operation's validators on its first request, not all of them at once.
        quick: true,
        strict: true,
        customizeAjv: (ajv) => addProtojsonFormats(ajv),
      });
      return api.init();
    }));
  const validatorsOf = async (operation: RestOperation): Promise<readonly ValidateFunction[]> =>
    (operation.validators ??= (await loadBackend()).validator.getRequestValidatorsForOperation(operation.operationId) ?? []);

  /**
   * The request against the operation's spec schemas, as openapi-backend's validateRequest builds
   * it (path parameters, headers, and the body where one was sent or declared as JSON).
   */
  const validate = (
    validators: readonly ValidateFunction[],
    req: NodeRequest,
    params: Record<string, string>,
    body: unknown,
  ): ErrorObject[] => {
    const parameters: Record<string, unknown> = { path: { ...params }, query: {}, header: req.headers, cookie: {} };
    // The body is decoded already (json-body-decoding.ts): always an object for an RPC with a body.
    if (body !== undefined) parameters.requestBody = body;
    const errors: ErrorObject[] = [];
    for (const check of validators) {
      if (!check(parameters)) errors.push(...(check.errors ?? []));
    }
    return errors;
  };

  const callRpc = async (req: NodeRequest, res: NodeResponse, operation: RestOperation, params: Record<string, string>) => {
    const method = ManagementService.method[operation.rpc];
    const body = operation.hasBody ? await readProtojsonBody(req, res, method.input) : undefined;
    const validators = operation.validators ?? (await validatorsOf(operation));
    const error = undecodableRequest(validate(validators, req, params, body), operation.operationId);
    // Only length rules failed (or none): those are protoc-gen-validate's to report, in the pipeline.
    if (error) return sendError(res, error);
    const request = decodeRequest(method.input, body, params);
    // The client left while the body was read: grpc-gateway's cancelled context never reaches the service.
    if (isCutOff(res)) return;
    const credentials = credentialsFromHeaders((name) => headerOf(req, name));
    setNoCacheMetadataHeaders(res);
    try {
      sendRpcResponse(res, runSyncCall(callOf(req), () => runGatewayRpc(instance, managementRpc(operation.rpc), request, credentials)));
    } catch (error) {
      if (error instanceof MessageTooLargeError) removeNoCacheMetadataHeaders(res);
      throw error;
    }
  };
  const dispatch = routeDispatch(routes, callRpc);

  const own = probeRoutes();
  const v2Rest = createV2RestDispatch(instance); // v2 services' REST routes (src/v2)
  let warming = false;
  const handle: RestHandler = (req, res) => {
    if (!warming) {
      // The first request (a probe, typically) answers first; then openapi-backend loads, so
      // API calls that follow do not wait for it.
      warming = true;
      setImmediate(() => void loadBackend().catch(() => undefined));
    }
    try {
      const url = req.url ?? "/";
      const path = pathOf(url);
      // gorilla/mux cleans the path first; then every answer carries ZITADEL's headers.
      const location = cleanPathRedirect(path, url.split("?")[1]);
      if (location) return sendRedirect(res, location);
      setZitadelRestHeaders(res);
      const method = req.method === "HEAD" ? "GET" : (req.method ?? "");
      const mockRoute = own.get(`${method} ${path}`);
      if (mockRoute) return mockRoute(req, res);
      if (v2Rest(req, res, path)) return;
      dispatch(req, res, path); // answers its own failures (the v2 gateway calls it from a promise callback)
    } catch (error) {
      // The path, the redirect, the headers, the probes and the v2 hand-over.
      answerFailure(res, error);
    }
  };
  return { handle };
};
