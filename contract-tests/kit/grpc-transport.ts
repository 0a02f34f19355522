/**
 * The gRPC transport: ManagementService over gRPC with ZITADEL's Node SDK, `@zitadel/node` (nice-grpc
 * over @grpc/grpc-js, ts-proto messages), on the same base URL as REST: ZITADEL serves gRPC and REST
 * on one port (h2c or TLS).
 *
 * The cases speak the protojson form of requests and responses (transport.ts); this transport converts
 * at its edge, so the cases and the spec check see the same JSON over both transports:
 * - requests: the generated `requestType.fromJSON` (base64 strings to bytes, uint64 strings or numbers
 *   to Long, enum names to numbers); enum numbers are sent as given, also undefined ones.
 * - responses: the generated `responseType.toJSON`, which emits what protojson emits (zero values
 *   omitted, uint64 as decimal strings, bytes as padded standard base64, enums as names, timestamps as
 *   RFC 3339 UTC), with the differences ts-proto cannot avoid, see docs/contract-suite.md.
 * - errors: code and message of the status, and the `google.rpc.Status` of the trailer
 *   `grpc-status-details-bin` in the JSON form the REST gateway renders, so `errorId` comes from the
 *   same `zitadel.v1.ErrorDetail`.
 * Authorization and the org context are per-call metadata (`authorization`, `x-zitadel-orgid`), sent
 * verbatim: a raw or malformed `authorization`, or none at all, reaches the server as given.
 */
import { ManagementServiceDefinition } from "@zitadel/node/dist/api/generated/zitadel/management.js";
import { type CallOptions, type Channel, ClientError, createChannel, createClientFactory, Metadata } from "nice-grpc";
import type { SpecConformance } from "./conformance.js";
import { decodeRpcStatus, rpcStatusJson } from "./grpc-status.js";
import { abbreviate, nullRecorder, redactHeaders, type Recorder } from "./recorder.js";
import {
  ERROR_DETAIL_TYPE,
  OPERATION_IDS,
  type OperationName,
  type OperationRequests,
  type OperationResponses,
  type OpResult,
  type RpcStatus,
  type Transport,
  type WireContext,
  wireHeaders,
} from "./transport.js";

/** What the transport uses of a generated method definition (ts-proto `MessageFns`). */
interface MethodCodec {
  readonly name: string;
  readonly requestType: { fromJSON(object: unknown): unknown };
  readonly responseType: { toJSON(message: unknown): unknown };
}

type UnaryCall = (request: unknown, options: CallOptions) => Promise<unknown>;

/** `/zitadel.management.v1.ManagementService/<Rpc>`, as the recorder shows it. */
export function grpcPath(op: OperationName): string {
  return `/${ManagementServiceDefinition.fullName}/${ManagementServiceDefinition.methods[op].name}`;
}

/** The HTTP status grpc-gateway gives a gRPC code; only used to pick the spec's response schema (200 or default). */
export function httpStatusFromCode(code: number): number {
  const statuses: Record<number, number> = {
    0: 200, 1: 499, 2: 500, 3: 400, 4: 504, 5: 404, 6: 409, 7: 403, 8: 429, 9: 400, 10: 409, 11: 400, 12: 501, 13: 500,
    14: 503, 15: 500, 16: 401,
  };
  return statuses[code] ?? 500;
}

export interface GrpcTransportOptions {
  /** Origin of the server, e.g. https://my-instance.zitadel.cloud (port 443) or http://127.0.0.1:8080 (h2c). */
  baseUrl: string;
  conformance: SpecConformance;
  recorder?: Recorder;
}

export class GrpcTransport implements Transport {
  readonly name = "grpc";
  private readonly channel: Channel;
  private readonly client: ReturnType<typeof createManagementServiceClient>;
  private readonly recorder: Recorder;

  constructor(private readonly options: GrpcTransportOptions) {
    // What `createManagementClient(baseUrl)` of @zitadel/node builds (nice-grpc's createChannel, the
    // generated ManagementServiceDefinition, no interceptor: the metadata is set per call), built here
    // so that the channel can be closed, and with no client-side receive limit: grpc-js would refuse
    // responses over 4 MiB (a long list of big values) before the server's behaviour is seen.
    this.channel = createChannel(options.baseUrl, undefined, { "grpc.max_receive_message_length": -1 });
    this.client = createManagementServiceClient(this.channel);
    this.recorder = options.recorder ?? nullRecorder;
  }

  async call<Op extends OperationName>(
    op: Op,
    request: OperationRequests[Op],
    wire: WireContext,
  ): Promise<OpResult<OperationResponses[Op]>> {
    const codec = ManagementServiceDefinition.methods[op] as unknown as MethodCodec;
    const message = requestMessage(op, request, codec);
    const headers = wireHeaders(wire);

    let trailer: Metadata | undefined;
    const call = this.client[op] as unknown as UnaryCall;
    const started = performance.now();
    let result: OpResult<unknown>;
    const problems: string[] = [];
    try {
      const response = await call.call(this.client, message, {
        metadata: Metadata(headers),
        onTrailer: (received) => (trailer = received),
      });
      result = { ok: true, code: 0, message: "", body: codec.responseType.toJSON(response) };
    } catch (error) {
      if (!(error instanceof ClientError)) throw error;
      const bin = trailer?.get("grpc-status-details-bin");
      const status = bin === undefined ? undefined : decodeRpcStatus(bin);
      if (status && (status.code !== error.code || status.message !== error.details)) {
        problems.push(
          `grpc-status-details-bin holds code ${status.code} "${status.message}", ` +
            `but grpc-status/grpc-message are ${error.code} "${error.details}"`,
        );
      }
      const body: RpcStatus = status
        ? rpcStatusJson(status)
        : ({ code: error.code, ...(error.details ? { message: error.details } : {}) } as RpcStatus);
      const errorId = body.details?.find((detail) => detail["@type"] === ERROR_DETAIL_TYPE)?.id;
      result = { ok: false, code: error.code, message: error.details, ...(errorId ? { errorId } : {}), body };
    }
    const ms = Math.round(performance.now() - started);

    const operationId = OPERATION_IDS[op];
    const specStatus = httpStatusFromCode(result.code);
    problems.push(...this.options.conformance.problems(operationId, specStatus, result.body));
    this.recorder.write({
      kind: "exchange",
      transport: this.name,
      operation: operationId,
      request: { method: "gRPC", url: grpcPath(op), headers: redactHeaders(headers), body: abbreviate(request) },
      response: { body: abbreviate(result.body) },
      outcome: { ok: result.ok, code: result.code, ...(result.errorId ? { errorId: result.errorId } : {}) },
      ...(problems.length ? { conformance: problems.join("; ") } : {}),
      ms,
    });
    this.options.conformance.check(operationId, specStatus, result.body);
    if (problems.length > 0) throw new Error(`${operationId} over gRPC: ${problems.join("; ")}`);
    return result as OpResult<OperationResponses[Op]>;
  }

  close(): void {
    this.channel.close();
  }
}

function createManagementServiceClient(channel: Channel) {
  return createClientFactory().create(ManagementServiceDefinition, channel);
}

/** Standard or URL-safe base64, padded or not: what protojson accepts for `bytes`. */
const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;

/** The ts-proto request message of the protojson-shaped request of the cases. */
function requestMessage<Op extends OperationName>(op: Op, request: OperationRequests[Op], codec: MethodCodec): unknown {
  const values =
    op === "setOrgMetadata"
      ? [(request as OperationRequests["setOrgMetadata"]).value]
      : op === "bulkSetOrgMetadata"
        ? ((request as OperationRequests["bulkSetOrgMetadata"]).metadata ?? []).map((m) => m.value)
        : [];
  for (const value of values) {
    if (value !== undefined && !BASE64.test(value)) {
      throw new Error(`${op}: the value "${value}" is not base64, so it has no bytes to send over gRPC (a REST-only case?)`);
    }
  }
  const message = codec.requestType.fromJSON(request);
  if (op === "listOrgMetadata") {
    // fromJSON turns an undefined enum number into UNRECOGNIZED (-1); send the number the case gave.
    const queries = (request as OperationRequests["listOrgMetadata"]).queries ?? [];
    const converted = (message as { queries: Array<{ keyQuery?: { method: number } }> }).queries;
    queries.forEach((query, i) => {
      const method = query.keyQuery?.method;
      const keyQuery = converted[i]?.keyQuery;
      if (typeof method === "number" && keyQuery) keyQuery.method = method;
    });
  }
  return message;
}
