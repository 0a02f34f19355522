/**
 * A small client for ZITADEL's v2 metadata RPCs (Organization service v2beta, User service v2) over
 * the three ways ZITADEL serves them on one base URL: REST (`/v2beta/...`, `/v2/...`), the Connect
 * protocol with JSON, and gRPC. Requests and responses are in their protojson form on every protocol,
 * and results are the kit's OpResult, so `expectOk` / `expectError` apply as to the v1 cases.
 */
import { type DescMethod, type JsonObject, type JsonValue, fromJson, toJson } from "@bufbuild/protobuf";
import { Code as ConnectCode, ConnectError, type Transport as ConnectTransport, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ErrorDetailSchema } from "@zitadel/proto/zitadel/message_pb.js";
import { OrganizationService } from "@zitadel/proto/zitadel/org/v2beta/org_service_pb.js";
import { UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { ERROR_DETAIL_TYPE, wireHeaders, type OpResult, type RpcStatus, type TransportName } from "./transport.js";

/** The protocols the v2 cases run over: REST and Connect (JSON over HTTP) in a REST run, gRPC in a gRPC run. */
export type V2Protocol = "rest" | "connect" | "grpc";

export const v2ProtocolsFor = (transport: TransportName): V2Protocol[] => (transport === "grpc" ? ["grpc"] : ["rest", "connect"]);

/** The six RPCs: descriptor, and the REST route of its google.api.http rule. */
const RPCS = {
  setOrganizationMetadata: { method: OrganizationService.method.setOrganizationMetadata, rest: ["POST", "/v2beta/organizations/{organizationId}/metadata"] },
  listOrganizationMetadata: { method: OrganizationService.method.listOrganizationMetadata, rest: ["POST", "/v2beta/organizations/{organizationId}/metadata/search"] },
  deleteOrganizationMetadata: { method: OrganizationService.method.deleteOrganizationMetadata, rest: ["DELETE", "/v2beta/organizations/{organizationId}/metadata"] },
  setUserMetadata: { method: UserService.method.setUserMetadata, rest: ["POST", "/v2/users/{userId}/metadata"] },
  listUserMetadata: { method: UserService.method.listUserMetadata, rest: ["POST", "/v2/users/{userId}/metadata/search"] },
  deleteUserMetadata: { method: UserService.method.deleteUserMetadata, rest: ["DELETE", "/v2/users/{userId}/metadata"] },
} as const satisfies Record<string, { method: DescMethod; rest: readonly [string, string] }>;

export type V2RpcName = keyof typeof RPCS;

export interface V2CallOptions {
  /** Bearer token; null sends no `authorization`. */
  token: string | null;
  /** `x-zitadel-orgid` (the interceptor's org context); absent sends none. */
  orgId?: string | undefined;
}

/** A response or request body in protojson (camelCase names, base64 bytes, uint64 as strings). */
export type V2Json = Record<string, unknown> & { pagination?: { totalResult?: string; appliedLimit?: string }; metadata?: V2Metadata[] };
export interface V2Metadata {
  key: string;
  value: string;
  creationDate: string;
  changeDate: string;
}

const headersOf = ({ token, orgId }: V2CallOptions): Record<string, string> =>
  wireHeaders({ authorization: token === null ? null : `Bearer ${token}`, orgId: orgId ?? null });

const failure = (httpStatus: number | undefined, body: RpcStatus): OpResult<V2Json> => {
  const errorId = body.details?.find((d) => d["@type"] === ERROR_DETAIL_TYPE)?.id;
  return { ok: false, ...(httpStatus === undefined ? {} : { httpStatus }), code: body.code, message: body.message, ...(errorId ? { errorId } : {}), body };
};

const success = (httpStatus: number | undefined, body: V2Json): OpResult<V2Json> => ({
  ok: true,
  ...(httpStatus === undefined ? {} : { httpStatus }),
  code: 0,
  message: "",
  body,
});

/** A Connect or gRPC error in the REST status form (`code` number, `@type` details). */
const statusOf = (error: ConnectError): RpcStatus => {
  const details = error.findDetails(ErrorDetailSchema).map(({ id, message }) => ({ "@type": ERROR_DETAIL_TYPE, id, message }));
  return { code: error.code, message: error.rawMessage, ...(details.length > 0 ? { details } : {}) };
};

/** The Connect protocol's string codes (`failed_precondition`) as numbers. */
const connectCode = (name: unknown): number => {
  const camel = String(name).replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const key = (camel.charAt(0).toUpperCase() + camel.slice(1)) as keyof typeof ConnectCode;
  return typeof ConnectCode[key] === "number" ? (ConnectCode[key] as number) : ConnectCode.Unknown;
};

export class V2Client {
  private grpc: ConnectTransport | undefined;

  constructor(
    private readonly baseUrl: string,
    readonly protocol: V2Protocol,
  ) {}

  async call(rpc: V2RpcName, request: JsonObject, options: V2CallOptions): Promise<OpResult<V2Json>> {
    switch (this.protocol) {
      case "rest":
        return this.rest(rpc, request, options);
      case "connect":
        return this.connect(rpc, request, options);
      case "grpc":
        return this.grpcCall(rpc, request, options);
    }
  }

  /** grpc-gateway: path parameters from the request, the rest as the body (`body: "*"`) or in the query. */
  private async rest(rpc: V2RpcName, request: JsonObject, options: V2CallOptions): Promise<OpResult<V2Json>> {
    const [method, template] = RPCS[rpc].rest;
    const rest: Record<string, JsonValue> = { ...request };
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = String(rest[name] ?? "");
      delete rest[name];
      return encodeURIComponent(value);
    });
    const query = method === "DELETE" ? new URLSearchParams(((rest.keys ?? []) as string[]).map((key): [string, string] => ["keys", key])).toString() : "";
    const response = await fetch(`${this.baseUrl}${path}${query ? `?${query}` : ""}`, {
      method,
      headers: { ...headersOf(options), ...(method === "DELETE" ? {} : { "content-type": "application/json" }) },
      ...(method === "DELETE" ? {} : { body: JSON.stringify(rest) }),
    });
    const body = (await response.json()) as V2Json;
    return response.ok ? success(response.status, body) : failure(response.status, body as unknown as RpcStatus);
  }

  /** Connect unary with JSON, as fetch sends it: errors are `{code: "<name>", message, details: [{type, value, debug}]}`. */
  private async connect(rpc: V2RpcName, request: JsonObject, options: V2CallOptions): Promise<OpResult<V2Json>> {
    const { method } = RPCS[rpc];
    const response = await fetch(`${this.baseUrl}/${method.parent.typeName}/${method.name}`, {
      method: "POST",
      headers: { ...headersOf(options), "content-type": "application/json", "connect-protocol-version": "1" },
      body: JSON.stringify(request),
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (response.ok) return success(response.status, body as V2Json);
    const details = (body.details as Array<{ type: string; debug?: { id?: string; message?: string } }> | undefined) ?? [];
    const errorDetails = details.filter((d) => d.type === "zitadel.v1.ErrorDetail").map((d) => ({ "@type": ERROR_DETAIL_TYPE, ...d.debug }));
    return failure(response.status, {
      code: connectCode(body.code),
      message: String(body.message ?? ""),
      ...(errorDetails.length > 0 ? { details: errorDetails } : {}),
    });
  }

  private async grpcCall(rpc: V2RpcName, request: JsonObject, options: V2CallOptions): Promise<OpResult<V2Json>> {
    const { method } = RPCS[rpc];
    this.grpc ??= createGrpcTransport({ baseUrl: this.baseUrl });
    const client = createClient(method.parent, this.grpc) as unknown as Record<string, (input: unknown, options: unknown) => Promise<never>>;
    try {
      const response = await client[method.localName]!(fromJson(method.input, request), { headers: headersOf(options) });
      return success(undefined, toJson(method.output, response) as V2Json);
    } catch (error) {
      return failure(undefined, statusOf(ConnectError.from(error)));
    }
  }
}
