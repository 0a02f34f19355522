/**
 * Shared bits of the gRPC and gRPC-web integration tests: the fixture's orgs and tokens, a mock on a
 * free port with a hand-driven clock, clients as a ZITADEL user would build them, and readers for
 * the gRPC status details (`grpc-status-details-bin`) that carry ZITADEL's error id.
 */
import { fromBinary } from "@bufbuild/protobuf";
import { type DecodedRpcStatus, decodeRpcStatus } from "../../contract-tests/kit/grpc-status.js";
import { type CallOptions as ConnectCallOptions, type Client, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { createAccessTokenInterceptor, createManagementClient } from "@zitadel/node/dist/api/index.js";
import { ManagementService } from "@zitadel/proto/zitadel/management_pb.js";
import { ErrorDetailSchema } from "@zitadel/proto/zitadel/message_pb.js";
import { type CallOptions, ClientError, Metadata } from "nice-grpc";
import type http2 from "node:http2";
import { afterAll, beforeEach, expect } from "vitest";
import { createMockServer, type MockServer } from "../../src/index.js";

import { ERROR_DETAIL_TYPE, ORG, TOKEN, USER } from "../default-fixture.js";

export { ERROR_DETAIL_TYPE, ORG, TOKEN, USER };

/** The instant the fixture is loaded at; every event the test pushes is stamped by `time.set`. */
export const FIXTURE_TIME = "2025-01-01T00:00:00.000Z";

/** A clock the test moves by hand, so that every timestamp in a response is known. */
export const manualClock = (start = FIXTURE_TIME) => {
  let now = new Date(start);
  return {
    clock: () => new Date(now.getTime()),
    /** Events pushed from now on carry `iso`; returns it as `Date`. */
    set(iso: string): Date {
      now = new Date(iso);
      return new Date(now.getTime());
    },
  };
};

/** The mock over the default fixture, listening on a free port (HTTP/1.1 and h2c). */
export const startMock = async (): Promise<{ mock: MockServer; url: string; time: ReturnType<typeof manualClock> }> => {
  const time = manualClock();
  const mock = await createMockServer({ port: 0, clock: time.clock });
  const { url } = await mock.start();
  return { mock, url, time };
};

/** One listening mock for a test file (top-level await): stopped after it, reset before each test. */
export const mockPerFile = async () => {
  const started = await startMock();
  afterAll(() => started.mock.stop());
  beforeEach(() => {
    started.time.set(FIXTURE_TIME);
    started.mock.reset();
  });
  return started;
};

// --- a raw HTTP/2 client, for what only the wire shows ----------------------------------------------

/** One native gRPC answer as a raw HTTP/2 client reads it. */
export interface RawGrpcAnswer {
  readonly headers: http2.IncomingHttpHeaders;
  readonly body: Buffer;
  readonly trailers: http2.IncomingHttpHeaders;
  /** The trailer names in the order they came. */
  readonly trailerNames: string[];
}

/**
 * A unary call of `zitadel.management.v1.ManagementService/<rpc>` on `session`, as alice (ORG_OWNER of
 * ACME) unless `headers` say otherwise; `body` is the framed request.
 */
export const rawGrpcCall = (session: http2.ClientHttp2Session, rpc: string, body: Buffer, headers: Record<string, string> = {}) =>
  new Promise<RawGrpcAnswer>((resolve, reject) => {
    const stream = session.request({
      ":method": "POST",
      ":path": `/${ManagementService.typeName}/${rpc}`,
      "content-type": "application/grpc",
      te: "trailers",
      authorization: `Bearer ${TOKEN.acmeOwner}`,
      ...headers,
    });
    const chunks: Buffer[] = [];
    let answer: Omit<RawGrpcAnswer, "body"> = { headers: {}, trailers: {}, trailerNames: [] };
    stream.on("response", (received) => (answer = { ...answer, headers: received }));
    stream.on("trailers", (received, _flags, raw: string[]) => (answer = { ...answer, trailers: received, trailerNames: raw.filter((_, i) => i % 2 === 0) }));
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve({ ...answer, body: Buffer.concat(chunks) }));
    stream.on("error", reject);
    stream.end(body);
  });

/** UTF-8 bytes, as @zitadel/node sends `bytes` fields. */
export const bytes = (text: string): Buffer => Buffer.from(text, "utf8");

// --- @zitadel/node (nice-grpc over @grpc/grpc-js, gRPC over h2c) ---------------------------------

/** A ManagementService client as a ZITADEL user builds it; no token means no `authorization`. */
export const zitadelNodeClient = (url: string, token?: string) =>
  token === undefined ? createManagementClient(url) : createManagementClient(url, createAccessTokenInterceptor(token));

export type ZitadelNodeClient = ReturnType<typeof zitadelNodeClient>;

/** Call options that pick the org context (`x-zitadel-orgid`). */
export const inOrg = (orgId: string): CallOptions => ({ metadata: Metadata({ "x-zitadel-orgid": orgId }) });

/** Call options that send this exact `authorization` value (the token interceptor then adds none). */
export const withAuthorization = (authorization: string, orgId?: string): CallOptions => ({
  metadata: Metadata({ authorization, ...(orgId === undefined ? {} : { "x-zitadel-orgid": orgId }) }),
});

// --- google.rpc.Status in grpc-status-details-bin (decoded by the contract kit's reader) ---------

export { decodeRpcStatus };
export type RpcStatus = DecodedRpcStatus;

/** The `zitadel.v1.ErrorDetail`s among the status details. */
export const errorDetailsOf = (status: RpcStatus): Array<{ id: string; message: string }> =>
  status.details
    .filter((detail) => detail.typeUrl === ERROR_DETAIL_TYPE)
    .map((detail) => {
      const { id, message } = fromBinary(ErrorDetailSchema, detail.value);
      return { id, message };
    });

/** What a failed @zitadel/node call reports: the ClientError and the decoded status details. */
export interface GrpcFailure {
  readonly code: number;
  /** `ClientError.details`: the status message (`grpc-message`). */
  readonly message: string;
  /** `grpc-status-details-bin` of the trailer, decoded; undefined when the trailer has none. */
  readonly status: RpcStatus | undefined;
}

/**
 * Runs a call that must fail and returns its status. `call` receives call options that capture the
 * trailer; merge per-call options into them, e.g. `(o) => client.getMyOrg({}, { ...o, ...inOrg(id) })`.
 */
export const grpcFailure = async (call: (options: CallOptions) => Promise<unknown>): Promise<GrpcFailure> => {
  let trailer: Metadata | undefined;
  try {
    const response = await call({ onTrailer: (received) => (trailer = received) });
    throw new Error(`expected the call to fail, got ${JSON.stringify(response)}`);
  } catch (error) {
    if (!(error instanceof ClientError)) throw error;
    const bin = trailer?.get("grpc-status-details-bin");
    return { code: error.code, message: error.details, status: bin === undefined ? undefined : decodeRpcStatus(bin) };
  }
};

export interface ExpectedError {
  readonly code: number;
  /** The message without the id suffix (the ErrorDetail message). */
  readonly message: string;
  /** ZITADEL's error id; absent for errors without details (PGV, `auth header missing`). */
  readonly id?: string;
}

/**
 * ZITADEL's gRPC error: the status code, the message `<message> (<id>)` and exactly one
 * `zitadel.v1.ErrorDetail { id, message }` in the status details. Errors without id carry the bare
 * message and no status details at all.
 */
export const expectGrpcError = (failure: GrpcFailure, expected: ExpectedError): void => {
  const wireMessage = expected.id === undefined ? expected.message : `${expected.message} (${expected.id})`;
  expect({ code: failure.code, message: failure.message }).toStrictEqual({ code: expected.code, message: wireMessage });
  if (expected.id === undefined) {
    expect(failure.status?.details ?? []).toStrictEqual([]);
    return;
  }
  expect(failure.status, "grpc-status-details-bin").toBeDefined();
  expect(failure.status!.code).toBe(expected.code);
  expect(failure.status!.message).toBe(wireMessage);
  expect(failure.status!.details.map((detail) => detail.typeUrl)).toStrictEqual([ERROR_DETAIL_TYPE]);
  expect(errorDetailsOf(failure.status!)).toStrictEqual([{ id: expected.id, message: expected.message }]);
};

// --- gRPC-web (@connectrpc/connect-web over fetch) -------------------------------------------------

export type GrpcWebClient = Client<typeof ManagementService>;

/** A ManagementService client over gRPC-web, as a browser app builds it. */
export const grpcWebClient = (url: string): GrpcWebClient =>
  createClient(ManagementService, createGrpcWebTransport({ baseUrl: url }));

/** Per-call headers: `authorization: Bearer <token>` and, when given, `x-zitadel-orgid`. */
export const bearer = (token: string, orgId?: string): ConnectCallOptions => ({
  headers: { authorization: `Bearer ${token}`, ...(orgId === undefined ? {} : { "x-zitadel-orgid": orgId }) },
});

/** Runs a gRPC-web call that must fail and returns its ConnectError. */
export const grpcWebFailure = async (call: Promise<unknown>): Promise<ConnectError> => {
  try {
    const response = await call;
    throw new Error(`expected the call to fail, got ${JSON.stringify(response, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))}`);
  } catch (error) {
    if (!(error instanceof ConnectError)) throw error;
    return error;
  }
};

/** The same assertion as `expectGrpcError`, on what connect-web decoded from the gRPC-web trailer. */
export const expectGrpcWebError = (error: ConnectError, expected: ExpectedError): void => {
  const wireMessage = expected.id === undefined ? expected.message : `${expected.message} (${expected.id})`;
  expect({ code: error.code as number, message: error.rawMessage }).toStrictEqual({ code: expected.code, message: wireMessage });
  if (expected.id === undefined) {
    expect(error.details).toStrictEqual([]);
    return;
  }
  expect(error.details.map((detail) => ("type" in detail ? `type.googleapis.com/${detail.type}` : detail.desc.typeName))).toStrictEqual([
    ERROR_DETAIL_TYPE,
  ]);
  expect(error.findDetails(ErrorDetailSchema).map(({ id, message }) => ({ id, message }))).toStrictEqual([
    { id: expected.id, message: expected.message },
  ]);
};

// --- REST, for comparison ------------------------------------------------------------------------

/** A REST call under `/management/v1` with `Authorization: Bearer <token>` (fetch, HTTP/1.1). */
export const rest = async (
  url: string,
  method: string,
  path: string,
  options: { token?: string; authorization?: string; orgId?: string; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> }> => {
  const headers: Record<string, string> = {};
  const authorization = options.authorization ?? (options.token === undefined ? undefined : `Bearer ${options.token}`);
  if (authorization !== undefined) headers.authorization = authorization;
  if (options.orgId !== undefined) headers["x-zitadel-orgid"] = options.orgId;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${url}/management/v1${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/** The ManagementService RPCs the mock implements; every other one answers UNIMPLEMENTED. */
export const MOCKED_RPCS: ReadonlySet<string> = new Set([
  "GetMyOrg",
  "SetOrgMetadata",
  "BulkSetOrgMetadata",
  "ListOrgMetadata",
  "GetOrgMetadata",
  "RemoveOrgMetadata",
  "BulkRemoveOrgMetadata",
  "SetUserMetadata",
  "BulkSetUserMetadata",
  "ListUserMetadata",
  "GetUserMetadata",
  "RemoveUserMetadata",
  "BulkRemoveUserMetadata",
]);

/** A call to the mock's control API (`/__mock…`) at `url`, with a JSON body if given. */
export const controlCall = async (url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
  const res = await fetch(`${url}/__mock${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
