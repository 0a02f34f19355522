/**
 * What the cases assert about a result: success, or an error as real ZITADEL returns it (HTTP status,
 * gRPC code, ZITADEL error id). The gRPC code and the error id are asserted on every transport (a REST
 * body carries the same `code`); the HTTP status only where the transport has one (REST). Messages
 * are asserted only where ZITADEL does not translate them.
 */
import { expect } from "vitest";
import { activeRecorder } from "./recorder.js";
import type { OpFailure, OpResult, OpSuccess } from "./transport.js";

export const Code = {
  InvalidArgument: 3,
  NotFound: 5,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Unimplemented: 12,
  Unauthenticated: 16,
} as const;

export interface ExpectedError {
  /** HTTP status (checked when the transport has one: REST). */
  http: number;
  code: number;
  /** The ZITADEL error id in `details`; null: the error has no details (proto validation, missing header). */
  id: string | null;
  /** Only for untranslated messages. */
  message?: string | RegExp;
}

/** The errors of org metadata, as ZITADEL documents them (docs/contract-suite.md lists the sources). */
export const ZitadelError = {
  AuthHeaderMissing: { http: 401, code: Code.Unauthenticated, id: null, message: "auth header missing" },
  InvalidAuthHeader: { http: 401, code: Code.Unauthenticated, id: "AUTH-toLo1" },
  TokenInvalid: { http: 401, code: Code.Unauthenticated, id: "AUTH-7fs1e" },
  OrgNotExisting: { http: 403, code: Code.PermissionDenied, id: "AUTH-Bs7Ds" },
  MembershipNotFound: { http: 404, code: Code.NotFound, id: "AUTHZ-cdgFk" },
  NoMatchingPermissions: { http: 403, code: Code.PermissionDenied, id: "AUTH-5mWD2" },
  GetMetadataNotFound: { http: 404, code: Code.NotFound, id: "QUERY-Rph32" },
  RemoveMetadataNotFound: { http: 404, code: Code.NotFound, id: "META-mcnw3" },
  BulkRemoveKeyNotExisting: { http: 404, code: Code.NotFound, id: "META-2npds" },
  BulkSetListEmpty: { http: 400, code: Code.FailedPrecondition, id: "META-9mm2d" },
  BulkRemoveListEmpty: { http: 400, code: Code.FailedPrecondition, id: "META-9mw2d" },
  LimitExceeded: { http: 400, code: Code.InvalidArgument, id: "QUERY-4M0fs" },
} as const satisfies Record<string, ExpectedError>;

/**
 * A protoc-gen-validate violation: 400 / InvalidArgument, no details, message
 * `invalid <Message>.<Field>: ...` (e.g. `invalid SetOrgMetadataRequest.Value: value length must be ...`).
 */
export function validationError(field: string): ExpectedError {
  return { http: 400, code: Code.InvalidArgument, id: null, message: new RegExp(`^invalid ${escapeRegExp(field)}: `) };
}

/** A request the gateway cannot decode (malformed JSON, bad base64): 400 / InvalidArgument, no details. */
export const UndecodableRequest: ExpectedError = { http: 400, code: Code.InvalidArgument, id: null };

/**
 * A request over grpc-go's default 4 MiB receive limit, which ZITADEL keeps: 429 / ResourceExhausted,
 * no details, grpc-go's message (the same over REST, where the gateway forwards the server's status).
 */
export const MessageTooLarge: ExpectedError = {
  http: 429,
  code: Code.ResourceExhausted,
  id: null,
  message: /^grpc: received message (after decompression )?larger than max \(\d+ vs\. 4194304\)$/,
};

export function expectOk<T>(result: OpResult<T>): T {
  activeRecorder().write({ kind: "expectation", expected: result.httpStatus !== undefined ? "HTTP 200 · code 0" : "code 0" });
  const failure = result.ok ? "" : `${result.httpStatus ?? ""} code ${result.code} ${result.errorId ?? ""}: ${result.message}`;
  expect(result.ok, `expected success, got ${failure}`).toBe(true);
  return (result as OpSuccess<T>).body;
}

export function expectError(result: OpResult<unknown>, expected: ExpectedError): OpFailure {
  const http = result.httpStatus !== undefined;
  activeRecorder().write({ kind: "expectation", expected: describeExpected(expected, { http }) });
  const actual = {
    ...(result.httpStatus !== undefined ? { http: result.httpStatus } : {}),
    code: result.code,
    id: result.errorId ?? null,
  };
  const wanted = {
    ...(http ? { http: expected.http } : {}),
    code: expected.code,
    id: expected.id,
  };
  expect(actual, `expected ${describeExpected(expected, { http })}, got ${JSON.stringify(result.body)}`).toEqual(wanted);
  const failure = result as OpFailure;
  if (expected.id !== null) expect(failure.message.endsWith(` (${expected.id})`), failure.message).toBe(true);
  if (expected.message !== undefined) expect(failure.message).toMatch(expected.message);
  return failure;
}

/**
 * An RFC 3339 UTC timestamp (the gRPC transport renders Timestamps as the REST gateway does) of a
 * write made now: not before `since` (Date.now() before the call) and not in the future, each with
 * `skewMs` for the target's clock, which is not this machine's. What a case can assert of a date
 * against real ZITADEL; exact dates are the mock's (its clock control, test/rest).
 */
export function expectRecentTimestamp(timestamp: string | undefined, since: number, skewMs = 5 * 60_000): void {
  expect(timestamp ?? "", "an RFC 3339 UTC timestamp").toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/);
  const at = Date.parse(timestamp ?? "");
  expect(at, `${timestamp} is not before the call`).toBeGreaterThanOrEqual(since - skewMs);
  expect(at, `${timestamp} is not in the future`).toBeLessThanOrEqual(Date.now() + skewMs);
}

/** An error the REST gateway produces itself (routing): exact status and body. REST only. */
export function expectGatewayError(result: OpResult<unknown>, http: number, body: { code: number; message: string }): void {
  activeRecorder().write({ kind: "expectation", expected: `HTTP ${http} · body ${JSON.stringify(body)}` });
  expect({ http: result.httpStatus, body: result.body }).toEqual({ http, body });
}

/** `HTTP 404 · code 5 · QUERY-Rph32`; without the HTTP status for a transport that has none (gRPC). */
export function describeExpected(expected: ExpectedError, { http = true }: { http?: boolean } = {}): string {
  return [http ? `HTTP ${expected.http}` : "", `code ${expected.code}`, expected.id ?? "no error id", expected.message ? `message ${String(expected.message)}` : ""]
    .filter(Boolean)
    .join(" · ");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
