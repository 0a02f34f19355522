/**
 * The REST transport: fetch against <baseUrl>/management/v1/..., as ZITADEL's grpc-gateway serves it.
 * Every response is recorded and then checked against the spec before the case sees it.
 */
import { NO_OPERATION, type SpecConformance } from "./conformance.js";
import { abbreviate, nullRecorder, redactHeaders, type Recorder } from "./recorder.js";
import {
  ERROR_DETAIL_TYPE,
  OPERATION_IDS,
  type OperationName,
  type OperationRequests,
  type OperationResponses,
  type OpResult,
  type RawRequest,
  type RawTransport,
  type RpcStatus,
  type WireContext,
  wireHeaders,
} from "./transport.js";

export const REST_PREFIX = "/management/v1";

interface Route {
  method: "GET" | "POST" | "DELETE";
  path: string;
  body?: unknown;
}

const key = (k: string) => `/metadata/${encodeURIComponent(k)}`;
const userMetadata = (id: string, rest: string) => `/users/${encodeURIComponent(id)}/metadata/${rest}`;

/** How each operation maps onto the HTTP routes of `google.api.http`. */
const ROUTES: { [Op in OperationName]: (request: OperationRequests[Op]) => Route } = {
  getMyOrg: () => ({ method: "GET", path: "/orgs/me" }),
  setOrgMetadata: ({ key: k, ...body }) => ({ method: "POST", path: key(k), body }),
  bulkSetOrgMetadata: (request) => ({ method: "POST", path: "/metadata/_bulk", body: request }),
  listOrgMetadata: (request) => ({ method: "POST", path: "/metadata/_search", body: request }),
  getOrgMetadata: ({ key: k }) => ({ method: "GET", path: key(k) }),
  removeOrgMetadata: ({ key: k }) => ({ method: "DELETE", path: key(k) }),
  bulkRemoveOrgMetadata: (request) => ({ method: "DELETE", path: "/metadata/_bulk", body: request }),
  setUserMetadata: ({ id, key: k, ...body }) => ({ method: "POST", path: userMetadata(id, encodeURIComponent(k)), body }),
  bulkSetUserMetadata: ({ id, ...body }) => ({ method: "POST", path: userMetadata(id, "_bulk"), body }),
  listUserMetadata: ({ id, ...body }) => ({ method: "POST", path: userMetadata(id, "_search"), body }),
  getUserMetadata: ({ id, key: k }) => ({ method: "GET", path: userMetadata(id, encodeURIComponent(k)) }),
  removeUserMetadata: ({ id, key: k }) => ({ method: "DELETE", path: userMetadata(id, encodeURIComponent(k)) }),
  bulkRemoveUserMetadata: ({ id, ...body }) => ({ method: "DELETE", path: userMetadata(id, "_bulk"), body }),
};

export interface RestTransportOptions {
  baseUrl: string;
  conformance: SpecConformance;
  recorder?: Recorder;
  fetch?: typeof fetch;
}

export class RestTransport implements RawTransport {
  readonly name = "rest";
  private readonly fetch: typeof fetch;
  private readonly recorder: Recorder;

  constructor(private readonly options: RestTransportOptions) {
    this.fetch = options.fetch ?? fetch;
    this.recorder = options.recorder ?? nullRecorder;
  }

  async call<Op extends OperationName>(
    op: Op,
    request: OperationRequests[Op],
    wire: WireContext,
  ): Promise<OpResult<OperationResponses[Op]>> {
    const route = ROUTES[op](request);
    const { contentType: _contentType, ...result } = await this.raw({ ...route, operation: op }, wire);
    return result as OpResult<OperationResponses[Op]>;
  }

  async raw(request: RawRequest, wire: WireContext): Promise<OpResult<unknown> & { contentType: string | null }> {
    const headers: Record<string, string> = { accept: "application/json", ...wireHeaders(wire) };
    let body: string | undefined;
    if (request.body !== undefined) {
      body = typeof request.body === "string" ? request.body : JSON.stringify(request.body);
      headers["content-type"] = "application/json";
    }
    Object.assign(headers, request.headers);

    const url = `${this.options.baseUrl}${REST_PREFIX}${request.path}`;
    const started = performance.now();
    const response = await this.fetch(url, { method: request.method, headers, body });
    const text = await response.text();
    const ms = Math.round(performance.now() - started);
    const json = parseJson(text);
    const contentType = response.headers.get("content-type");
    const operationId = request.operation ? OPERATION_IDS[request.operation] : NO_OPERATION;
    const result = normalize(response.status, json);
    const problems = this.options.conformance.problems(operationId, response.status, json);

    this.recorder.write({
      kind: "exchange",
      transport: this.name,
      operation: operationId,
      request: {
        method: request.method,
        url: `${REST_PREFIX}${request.path}`,
        headers: redactHeaders(headers),
        ...(body === undefined ? {} : { body: abbreviate(parseJson(body) ?? body) }),
      },
      response: { status: response.status, body: abbreviate(json ?? text) },
      outcome: { ok: result.ok, code: result.code, ...(result.errorId ? { errorId: result.errorId } : {}) },
      ...(problems.length ? { conformance: problems.join("; ") } : {}),
      ms,
    });
    this.options.conformance.check(operationId, response.status, json);
    return { ...result, contentType };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function normalize(status: number, body: unknown): OpResult<unknown> {
  if (status === 200) return { ok: true, httpStatus: status, code: 0, message: "", body };
  const rpc = (body ?? {}) as Partial<RpcStatus>;
  const errorId = rpc.details?.find((detail) => detail["@type"] === ERROR_DETAIL_TYPE)?.id;
  return {
    ok: false,
    httpStatus: status,
    code: typeof rpc.code === "number" ? rpc.code : -1,
    message: typeof rpc.message === "string" ? rpc.message : "",
    ...(errorId ? { errorId } : {}),
    body: rpc as RpcStatus,
  };
}
