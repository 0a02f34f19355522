import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from "express";
import { OpenAPIBackend, type Context } from "openapi-backend";
import { toJson } from "@bufbuild/protobuf";
import { Errors, ErrorTexts, ZitadelError } from "../core/errors.js";
import { MAX_MESSAGE_BYTES, MAX_READ_BYTES, assertMessageSize } from "../api/message-limits.js";
import type { Instance } from "../core/instance.js";
import { ManagementService, invokeRpc, isMockedRpc, type MockedRpcName } from "../api/management-api.js";
import { decodeRequest } from "./decode-request.js";
import { credentialsFromHeaders } from "./gateway-metadata.js";
import { cleanPathRedirect, pathParamsOf, routingPathOf } from "./gateway-path.js";
import { bodyBytes, decodeJsonBody } from "./json-body-decoding.js";
import { sendError, sendJson, toZitadelError } from "./rest-responses.js";
import { addProtojsonFormats } from "./protojson-formats.js";
import { undecodableRequest } from "./validation-errors.js";
import { sendRedirect, zitadelRestHeaders } from "./zitadel-response-headers.js";

export const MANAGEMENT_API_ROOT = "/management/v1";

export interface RestAppOptions {
  readonly instance: Instance;
  /** Path of the OpenAPI document that routes and validates the Management API. */
  readonly specPath: string;
  /** Restores the fixture state (`POST /__mock/reset`). */
  readonly reset: () => void;
}

/** `ManagementService_SetOrgMetadata` -> `setOrgMetadata`. */
const rpcNameOf = (operationId: string): string => {
  const method = operationId.replace(/^ManagementService_/, "");
  return method.charAt(0).toLowerCase() + method.slice(1);
};

const credentialsOf = (req: Request) => credentialsFromHeaders((name) => req.get(name));

type Operation = NonNullable<ReturnType<OpenAPIBackend["matchOperation"]>>;

/** The RPC behind a spec operation; the spec test keeps every operationId a mocked RPC. */
const rpcOf = (operation: Operation): MockedRpcName => {
  const name = rpcNameOf(operation.operationId ?? "");
  if (!isMockedRpc(name)) throw new Error(`spec operation ${operation.operationId} is no RPC the mock implements`);
  return name;
};

/**
 * The REST adapter: the OpenAPI document routes and validates, every operation goes to the same RPC
 * pipeline as gRPC, and responses are the RPC's response message in protojson, as grpc-gateway sends.
 */
export const createRestApp = async ({ instance, specPath, reset }: RestAppOptions): Promise<express.Express> => {
  const api = new OpenAPIBackend({
    definition: specPath,
    apiRoot: MANAGEMENT_API_ROOT,
    // grpc-gateway matches segments exactly: `/metadata/plan/` is no route.
    ignoreTrailingSlashes: false,
    customizeAjv: (ajv) => addProtojsonFormats(ajv),
  });
  // Authentication is ZITADEL's (core/auth), with its own error bodies; the spec only documents it.
  api.registerSecurityHandler("bearerAuth", () => true);
  await api.init();

  const callRpc = (context: Context, req: Request, res: Response) => {
    const name = rpcOf(context.operation);
    const method = ManagementService.method[name];
    const request = decodeRequest(method.input, context.request.body, pathParamsOf(context.request.params, req.path, context.operation.path));
    const response = invokeRpc(instance, name, request as never, credentialsOf(req));
    // The gateway receives the response from ZITADEL's gRPC server under grpc-go's 4 MiB client limit.
    assertMessageSize(method.output, response);
    sendJson(res, 200, toJson(method.output, response));
  };
  // Every spec operation runs its RPC; rpcOf fails start-up for an operation the mock has no RPC for.
  const operationHandlers = Object.fromEntries(
    api.getOperations().map((operation) => {
      rpcOf(operation);
      return [operation.operationId, callRpc];
    }),
  );
  api.register({
    ...operationHandlers,
    validationFail: (context: Context, req: Request, res: Response) => {
      const error = undecodableRequest(context);
      // Only length rules failed: those are protoc-gen-validate's to report, with its wording and order.
      if (!error) return callRpc(context, req, res);
      sendError(res, error);
    },
    notFound: (_c: Context, _req: Request, res: Response) => sendError(res, new ZitadelError(Errors.routeNotFound)),
    methodNotAllowed: (_c: Context, _req: Request, res: Response) =>
      sendError(res, new ZitadelError(Errors.methodNotAllowed), 405),
  });

  const rawBody = express.raw({ type: () => true, limit: MAX_READ_BYTES });
  /**
   * grpc-gateway reads a body only for RPCs whose HTTP rule has `body: "*"` (the spec's
   * requestBody) and decodes it as protojson whatever its Content-Type (json-body-decoding.ts).
   */
  const readBody: RequestHandler = (req, res, next) => {
    const operation = api.matchOperation({ method: req.method, path: routingPathOf(req.path), headers: {} });
    if (!operation?.requestBody) {
      req.body = undefined;
      return next();
    }
    rawBody(req, res, (error?: unknown) => {
      if (error) return next(error);
      try {
        req.body = decodeJsonBody(ManagementService.method[rpcOf(operation)].input, bodyBytes(req.body));
      } catch (decodeError) {
        return next(decodeError);
      }
      next();
    });
  };

  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  // gorilla/mux cleans the path first; then every answer carries ZITADEL's headers (mock controls excepted).
  app.use((req, res, next) => {
    if (req.path.startsWith("/__mock/")) return next();
    const location = cleanPathRedirect(req.path, req.url.split("?")[1]);
    if (location) return sendRedirect(res, location);
    zitadelRestHeaders(req, res, next);
  });
  // ZITADEL's probes (internal/api/api.go): healthz writes "ok", ready marshals "ok" as JSON.
  app.get("/debug/healthz", (_req, res) => {
    res.status(200).type("text/plain").send("ok");
  });
  app.get("/debug/ready", (_req, res) => sendJson(res, 200, "ok"));
  app.post("/__mock/reset", (_req, res) => {
    reset();
    sendJson(res, 200, {});
  });
  app.use(readBody);
  app.use((req, res) =>
    api.handleRequest(
      // Query parameters are ignored: grpc-gateway skips names that are no request field (cache busters).
      { method: req.method, path: routingPathOf(req.path), body: req.body as unknown, query: {}, headers: req.headers as Record<string, string> },
      req,
      res,
    ),
  );
  app.use(((error, _req, res, _next) => {
    sendError(res, requestReadError(error) ?? toZitadelError(error));
  }) satisfies ErrorRequestHandler);
  return app;
};

/**
 * Failures before routing, as the gateway reports them: a path with broken percent-encoding is
 * grpc-gateway's 400 "Bad Request"; an oversized body hits grpc-go's size limit; any other body that
 * cannot be read (bad JSON, an encoding ZITADEL would not undo) cannot be decoded.
 */
const requestReadError = (error: unknown): ZitadelError | undefined => {
  if (error instanceof URIError) return new ZitadelError(Errors.badRequest);
  const failure = error as { type?: string; message?: string; length?: number; status?: number };
  if (failure.type === "entity.too.large") {
    return new ZitadelError(ErrorTexts.messageTooLarge(failure.length ?? MAX_READ_BYTES, MAX_MESSAGE_BYTES));
  }
  if (typeof failure.status === "number" && failure.status >= 400 && failure.status < 500) {
    return new ZitadelError(ErrorTexts.invalidRequest(`proto: syntax error: ${failure.message}`));
  }
  return undefined;
};
