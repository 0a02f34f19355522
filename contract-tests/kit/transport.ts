/**
 * The wire behind a small interface, so the same cases run over REST (rest-transport.ts) and over
 * gRPC (grpc-transport.ts). Requests and response bodies use the protojson (REST) JSON form: base64
 * strings for bytes, decimal strings for uint64, enum names. The gRPC transport converts to and from
 * protobuf messages at its edge.
 */

/** The transports, picked with CONTRACT_TRANSPORT. */
export const TRANSPORT_NAMES = ["rest", "grpc"] as const;
export type TransportName = (typeof TRANSPORT_NAMES)[number];

export type TextQueryMethod =
  | "TEXT_QUERY_METHOD_EQUALS"
  | "TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE"
  | "TEXT_QUERY_METHOD_STARTS_WITH"
  | "TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE"
  | "TEXT_QUERY_METHOD_CONTAINS"
  | "TEXT_QUERY_METHOD_CONTAINS_IGNORE_CASE"
  | "TEXT_QUERY_METHOD_ENDS_WITH"
  | "TEXT_QUERY_METHOD_ENDS_WITH_IGNORE_CASE";

export interface MetadataQuery {
  keyQuery?: { key?: string; method?: TextQueryMethod | number };
}

export interface ListQuery {
  offset?: string | number;
  limit?: number;
  asc?: boolean;
}

export interface OperationRequests {
  getMyOrg: Record<string, never>;
  setOrgMetadata: { key: string; value?: string };
  bulkSetOrgMetadata: { metadata?: Array<{ key?: string; value?: string }> };
  listOrgMetadata: { query?: ListQuery; queries?: MetadataQuery[] };
  getOrgMetadata: { key: string };
  removeOrgMetadata: { key: string };
  bulkRemoveOrgMetadata: { keys?: string[] };
  // User metadata: `id` is the user (in the org context).
  setUserMetadata: { id: string; key: string; value?: string };
  bulkSetUserMetadata: { id: string; metadata?: Array<{ key?: string; value?: string }> };
  listUserMetadata: { id: string; query?: ListQuery; queries?: MetadataQuery[] };
  getUserMetadata: { id: string; key: string };
  removeUserMetadata: { id: string; key: string };
  bulkRemoveUserMetadata: { id: string; keys?: string[] };
}

export interface ObjectDetails {
  sequence?: string;
  creationDate?: string;
  changeDate?: string;
  resourceOwner?: string;
}

export interface Metadata {
  details: Required<ObjectDetails>;
  key: string;
  value: string;
}

export interface OperationResponses {
  getMyOrg: { org: { id: string; name: string; state: string; primaryDomain?: string; details: ObjectDetails } };
  setOrgMetadata: { details: ObjectDetails };
  bulkSetOrgMetadata: { details: ObjectDetails };
  listOrgMetadata: {
    details: { totalResult?: string; processedSequence?: string; viewTimestamp?: string };
    result?: Metadata[];
  };
  getOrgMetadata: { metadata: Metadata };
  removeOrgMetadata: { details: ObjectDetails };
  bulkRemoveOrgMetadata: { details: ObjectDetails };
  setUserMetadata: { details: ObjectDetails };
  bulkSetUserMetadata: { details: ObjectDetails };
  listUserMetadata: OperationResponses["listOrgMetadata"];
  getUserMetadata: { metadata: Metadata };
  removeUserMetadata: { details: ObjectDetails };
  bulkRemoveUserMetadata: { details: ObjectDetails };
}

export type OperationName = keyof OperationRequests;

/** The spec's operationId of each operation. */
export const OPERATION_IDS = {
  getMyOrg: "ManagementService_GetMyOrg",
  setOrgMetadata: "ManagementService_SetOrgMetadata",
  bulkSetOrgMetadata: "ManagementService_BulkSetOrgMetadata",
  listOrgMetadata: "ManagementService_ListOrgMetadata",
  getOrgMetadata: "ManagementService_GetOrgMetadata",
  removeOrgMetadata: "ManagementService_RemoveOrgMetadata",
  bulkRemoveOrgMetadata: "ManagementService_BulkRemoveOrgMetadata",
  setUserMetadata: "ManagementService_SetUserMetadata",
  bulkSetUserMetadata: "ManagementService_BulkSetUserMetadata",
  listUserMetadata: "ManagementService_ListUserMetadata",
  getUserMetadata: "ManagementService_GetUserMetadata",
  removeUserMetadata: "ManagementService_RemoveUserMetadata",
  bulkRemoveUserMetadata: "ManagementService_BulkRemoveUserMetadata",
} as const satisfies Record<OperationName, string>;

export const WRITE_OPERATIONS = new Set<OperationName>([
  "setOrgMetadata",
  "bulkSetOrgMetadata",
  "removeOrgMetadata",
  "bulkRemoveOrgMetadata",
  "setUserMetadata",
  "bulkSetUserMetadata",
  "removeUserMetadata",
  "bulkRemoveUserMetadata",
]);

/** `google.rpc.Status` as the REST gateway renders it. */
export interface RpcStatus {
  code: number;
  message: string;
  details?: Array<{ "@type": string; id?: string; message?: string }>;
}

export const ERROR_DETAIL_TYPE = "type.googleapis.com/zitadel.v1.ErrorDetail";

export interface OpSuccess<T> {
  ok: true;
  /** REST only; the gRPC transport has none. */
  httpStatus?: number;
  code: 0;
  message: "";
  errorId?: undefined;
  body: T;
}

export interface OpFailure {
  ok: false;
  /** REST only; the gRPC transport has none. */
  httpStatus?: number;
  /** gRPC status code number (over REST: the `code` of the body). */
  code: number;
  message: string;
  /** The ZITADEL error id from the `zitadel.v1.ErrorDetail`, when the error carries one. */
  errorId?: string;
  /** The `google.rpc.Status`, in its REST JSON form on both transports (over gRPC: from `grpc-status-details-bin`). */
  body: RpcStatus;
}

export type OpResult<T> = OpSuccess<T> | OpFailure;

/** What goes on the wire besides the request message; resolved by the client. */
export interface WireContext {
  /** Value of the `Authorization` header / metadata; null sends none. */
  authorization: string | null;
  /** Value of `x-zitadel-orgid`; null sends none. */
  orgId: string | null;
}

/** The headers (REST) or metadata (gRPC) a WireContext asks for. */
export function wireHeaders(wire: WireContext): Record<string, string> {
  const headers: Record<string, string> = {};
  if (wire.authorization !== null) headers.authorization = wire.authorization;
  if (wire.orgId !== null) headers["x-zitadel-orgid"] = wire.orgId;
  return headers;
}

export interface Transport {
  readonly name: TransportName;
  call<Op extends OperationName>(
    op: Op,
    request: OperationRequests[Op],
    wire: WireContext,
  ): Promise<OpResult<OperationResponses[Op]>>;
  /** Releases connections (the gRPC channel); called once the test file is done. */
  close?(): Promise<void> | void;
}

/** A request outside the operation table (REST-only cases: routing, malformed bodies). */
export interface RawRequest {
  method: string;
  /** Path below /management/v1, starting with "/". */
  path: string;
  /** A string is sent as-is; anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** The operation expected to answer, whose response schema applies; null: only the error schema. */
  operation: OperationName | null;
}

export interface RawTransport extends Transport {
  raw(request: RawRequest, wire: WireContext): Promise<OpResult<unknown> & { contentType: string | null }>;
}

export function isRawTransport(transport: Transport): transport is RawTransport {
  return typeof (transport as Partial<RawTransport>).raw === "function";
}
