import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Context, OpenAPIBackend } from "openapi-backend";
import type { RequestHandler } from "../server/one-port-server.js";
import { FixtureError } from "../fixtures/load-fixture.js";
import { packageFile } from "../package-root.js";
import { refusalOf, type ControlAccessOptions } from "./control-access.js";
import type { ControlPlane } from "./control-plane.js";
import { FaultRuleError, type FaultRuleInput } from "./fault-rules.js";
import { readJsonBody, sendControlError, sendControlJson, sendFile } from "./control-responses.js";
import { CONTROL_ROOT } from "./control-path.js";
import { importOpenApiBackend } from "../rest/openapi-backend-loading.js";

export const CONTROL_SPEC = packageFile("spec", "control.openapi.yaml");
/** Static files, shipped as they are (no build step): the package's `src/control/inspector/`. */
const INSPECTOR_DIR = packageFile("src", "control", "inspector");

type NodeRequest = Parameters<RequestHandler>[0];
type NodeResponse = Parameters<RequestHandler>[1];

/** `/requestBody/match/transport` -> `match.transport`. */
const fieldOf = (instancePath: string): string =>
  instancePath
    .split("/")
    .slice(2)
    .reduce((path, s) => (/^\d+$/.test(s) ? `${path}[${s}]` : path ? `${path}.${s}` : s), "");

/** openapi-backend's (ajv's) errors as one readable line: `match.transport: must be equal to one of the allowed values`. */
const validationMessage = (context: Context): string => {
  const errors = (context.validation.errors ?? []).filter((e) => e.keyword !== "oneOf" && e.keyword !== "if");
  const lines = errors.map((e) => {
    const params = e.params as Record<string, unknown>;
    const field = e.keyword === "additionalProperties" ? [fieldOf(e.instancePath), String(params.additionalProperty)].filter(Boolean).join(".") : fieldOf(e.instancePath);
    const message = e.keyword === "additionalProperties" ? "unknown field" : e.keyword === "enum" ? `must be one of ${(params.allowedValues as unknown[]).join(", ")}` : (e.message ?? e.keyword);
    return field ? `${field}: ${message}` : message;
  });
  return [...new Set(lines)].join("; ") || "invalid request";
};

/**
 * The control API (`/__mock/*`), routed and validated by openapi-backend from spec/control.openapi.yaml,
 * behind the access rules of control-access.ts. Answers nothing else.
 */
export interface ControlApi {
  readonly handler: RequestHandler;
  /** Checks a fault rule against the spec's FaultRuleInput schema, as POST /__mock/faults does; throws FaultRuleError. */
  checkFaultRuleShape(rule: unknown, at: string): Promise<void>;
}

type ScopedHandler = (context: Context, req: NodeRequest, res: NodeResponse, plane: ControlPlane) => void;

const ok = (res: NodeResponse) => sendControlJson(res, 200, {});

/** The inspector's files, read once. */
const inspectorAssets = (() => {
  let assets: Record<string, [string, string]> | undefined;
  const read = (file: string) => readFileSync(join(INSPECTOR_DIR, file), "utf8");
  return () =>
    (assets ??= {
      "index.html": ["text/html; charset=utf-8", read("index.html")],
      "inspector.js": ["text/javascript; charset=utf-8", read("inspector.js")],
      "inspector.css": ["text/css; charset=utf-8", read("inspector.css")],
      "openapi.yaml": ["application/yaml; charset=utf-8", readFileSync(CONTROL_SPEC, "utf8")],
    });
})();

const handlers: Record<string, ScopedHandler> = {
  getInspector: (_c, _req, res) => sendFile(res, ...inspectorAssets()["index.html"]!),
  getInspectorAsset: (c, _req, res) => sendFile(res, ...inspectorAssets()[String(c.request.params.file)]!),
  getControlSpec: (_c, _req, res) => sendFile(res, ...inspectorAssets()["openapi.yaml"]!),
  getState: (_c, _req, res, plane) => sendControlJson(res, 200, plane.getState()),
  putState: (c, _req, res, plane) => sendControlJson(res, 200, plane.setState(c.request.requestBody, "PUT /__mock/state")),
  reset: (_c, _req, res, plane) => (plane.reset(), ok(res)),
  getOrgs: (_c, _req, res, plane) => sendControlJson(res, 200, { orgs: plane.orgs() }),
  getRequests: (c, _req, res, plane) => {
    const { rpc, status, since, limit } = c.request.query as Record<string, string | undefined>;
    sendControlJson(res, 200, { requests: plane.requests({ rpc, status, since, limit: limit === undefined ? undefined : Number(limit) }) });
  },
  clearRequests: (_c, _req, res, plane) => (plane.clearRequests(), ok(res)),
  getFaults: (_c, _req, res, plane) => sendControlJson(res, 200, { faults: plane.faultRules() }),
  addFault: (c, _req, res, plane) => sendControlJson(res, 201, plane.addFault(c.request.requestBody as FaultRuleInput)),
  clearFaults: (_c, _req, res, plane) => (plane.clearFaults(), ok(res)),
  removeFault: (c, _req, res, plane) => {
    const id = String(c.request.params.id);
    if (plane.removeFault(id)) ok(res);
    else sendControlError(res, 404, 5, `no fault rule with id "${id}"`);
  },
  validationFail: (c, _req, res) => sendControlError(res, 400, 3, validationMessage(c)),
  notFound: (c, _req, res) => sendControlError(res, 404, 5, `no control operation at ${c.request.path}; see GET ${CONTROL_ROOT}/openapi.yaml`),
  methodNotAllowed: (c, _req, res) => sendControlError(res, 405, 12, `${c.request.method.toUpperCase()} is not allowed on ${c.request.path}`),
};

/**
 * One router for every mock of the process, built on first use: most mocks (one per test file) never
 * see a control call, so their start-up does not pay for parsing the control spec. The mock's plane
 * travels with each request.
 */
let backend: Promise<OpenAPIBackend> | undefined;
const controlBackend = (): Promise<OpenAPIBackend> =>
  (backend ??= (async () => {
    // Imported here, not at module load: the server's start-up does not load openapi-backend (decision 009);
    // through the REST gateway's one loader, which may be loading it already.
    const { OpenAPIBackend } = await importOpenApiBackend();
    // quick: the document is checked by spec/control-spec.test.ts, not at every start; validators compile on first use.
    const api = new OpenAPIBackend({ definition: CONTROL_SPEC, apiRoot: CONTROL_ROOT, quick: true });
    api.register(handlers as never);
    await api.init();
    return api;
  })());

/**
 * The control API (`/__mock/*`) of one mock, routed and validated by openapi-backend from
 * spec/control.openapi.yaml, behind the access rules of control-access.ts.
 */
export const createControlApi = (plane: ControlPlane, access: ControlAccessOptions): ControlApi => {
  const checkFaultRuleShape = async (rule: unknown, at: string): Promise<void> => {
    const api = await controlBackend();
    const result = api.validateRequest({ method: "post", path: "/faults", body: rule, headers: { "content-type": "application/json" } }, "addFault");
    if (!result.valid) throw new FaultRuleError(`${at}: ${validationMessage({ validation: result } as Context)}`);
  };

  const handler: RequestHandler = (req, res) => {
    const refusal = refusalOf(req, access);
    if (refusal) {
      req.resume();
      return sendControlError(res, refusal.status, refusal.code, refusal.message);
    }
    const url = new URL(req.url ?? "/", "http://mock");
    Promise.all([controlBackend(), readJsonBody(req)])
      .then(([api, body]) =>
        api.handleRequest(
          { method: req.method ?? "GET", path: url.pathname, query: Object.fromEntries(url.searchParams), body, headers: req.headers as Record<string, string> },
          req,
          res,
          plane,
        ),
      )
      .catch((error: unknown) => {
        if (error instanceof FixtureError || error instanceof FaultRuleError || error instanceof SyntaxError) return sendControlError(res, 400, 3, error.message);
        sendControlError(res, 500, 13, `the control API failed: ${String(error)}`);
      });
  };
  return { handler, checkFaultRuleShape };
};
