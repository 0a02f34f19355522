/**
 * The error catalogue: every error the mock produces, defined once with ZITADEL's id, status code and
 * message. Transports render a ZitadelError (REST: grpc-gateway's JSON body and HTTP status; gRPC: a
 * status with a zitadel.v1.ErrorDetail).
 */

/** Canonical gRPC status codes (the `code` of every ZITADEL error body). */
export const StatusCode = {
  Unknown: 2,
  InvalidArgument: 3,
  DeadlineExceeded: 4,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  Unauthenticated: 16,
} as const;
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

export interface ErrorDefinition {
  readonly code: StatusCode;
  /**
   * ZITADEL's error id (e.g. `QUERY-Rph32`). Errors without an id carry no ErrorDetail. An empty id
   * is how ZITADEL's error handler renders an error that is no zerror: ` ()` and a detail without id.
   */
  readonly id?: string;
  /** The (translated, English) message; the wire message appends ` (<id>)`. */
  readonly message: string;
}

export class ZitadelError extends Error {
  readonly code: StatusCode;
  readonly id: string | undefined;
  /** The message without the id suffix: the ErrorDetail message. */
  readonly detailMessage: string;

  constructor(definition: ErrorDefinition) {
    super(definition.id === undefined ? definition.message : `${definition.message} (${definition.id})`);
    this.name = "ZitadelError";
    this.code = definition.code;
    this.id = definition.id;
    this.detailMessage = definition.message;
  }
}

const define = (code: StatusCode, message: string, id?: string): ErrorDefinition => ({ code, message, id });

/**
 * Errors with a fixed text. Messages are what real ZITADEL sends in English: handler errors are
 * translated, errors of the authorization interceptor keep raw keys or literal strings.
 */
export const Errors = {
  // Authentication and authorization (internal/api/authz; not translated by ZITADEL)
  authHeaderMissing: define(StatusCode.Unauthenticated, "auth header missing"),
  invalidAuthHeader: define(StatusCode.Unauthenticated, "invalid auth header", "AUTH-toLo1"),
  tokenInvalid: define(StatusCode.Unauthenticated, "Errors.Token.Invalid", "AUTH-7fs1e"),
  orgDoesNotExist: define(StatusCode.PermissionDenied, "Organisation doesn't exist", "AUTH-Bs7Ds"),
  membershipNotFound: define(StatusCode.NotFound, "membership not found", "AUTHZ-cdgFk"),
  noMatchingPermissions: define(StatusCode.PermissionDenied, "No matching permissions found", "AUTH-5mWD2"),

  // Organization metadata commands and queries (internal/command/org_metadata.go, internal/query/org_metadata.go)
  metadataNotFoundOnGet: define(StatusCode.NotFound, "Metadata not found", "QUERY-Rph32"),
  metadataNotFoundOnRemove: define(StatusCode.NotFound, "Metadata not found", "META-mcnw3"),
  metadataKeysNotExisting: define(StatusCode.NotFound, "One or more keys do not exist", "META-2npds"),
  bulkSetListEmpty: define(StatusCode.FailedPrecondition, "Metadata list is empty", "META-9mm2d"),
  bulkRemoveListEmpty: define(StatusCode.FailedPrecondition, "Metadata list is empty", "META-9mw2d"),
  metadataInvalidOnSet: define(StatusCode.InvalidArgument, "Metadata is invalid", "META-2ml0f"),
  metadataInvalidOnRemove: define(StatusCode.InvalidArgument, "Metadata is invalid", "META-2n0f1"),
  metadataInvalidOnBulkRemove: define(StatusCode.InvalidArgument, "Metadata is invalid", "COMMAND-m19ds"),
  limitExceeded: define(StatusCode.InvalidArgument, "Limit exceeded", "QUERY-4M0fs"),
  /** ZITADEL's converter for a query other than key_query (unreachable once PGV requires the oneof). */
  listQueryInvalid: define(StatusCode.InvalidArgument, "List.Query.Invalid", "METAD-fdg23"),

  // User metadata commands and queries (internal/command/user_metadata.go, internal/command/user.go
  // checkUserExists, internal/query/user_metadata.go). Ids differ from the org ones; both bulk
  // operations answer an empty list with META-9mm2d.
  userNotFound: define(StatusCode.FailedPrecondition, "User could not be found", "COMMAND-uXHNj"),
  userMetadataNotFoundOnGet: define(StatusCode.NotFound, "Metadata not found", "QUERY-Rgh32"),
  userMetadataNotFoundOnRemove: define(StatusCode.NotFound, "Metadata not found", "META-ncnw3"),
  userMetadataKeysNotExisting: define(StatusCode.NotFound, "One or more keys do not exist", "META-2nnds"),
  userMetadataListEmpty: define(StatusCode.FailedPrecondition, "Metadata list is empty", "META-9mm2d"),
  userMetadataInvalidOnSet: define(StatusCode.InvalidArgument, "Metadata is invalid", "META-2m00f"),
  userMetadataInvalidOnRemove: define(StatusCode.InvalidArgument, "Metadata is invalid", "META-2n0fs"),
  userMetadataInvalidOnBulkRemove: define(StatusCode.InvalidArgument, "Metadata is invalid", "COMMAND-m29ds"),

  // v2 services: Organization v2beta and User v2 metadata (internal/command/org.go checkOrgExists;
  // internal/api/authz/permissions.go checkUserResourcePermissions, reached through the commands'
  // and queries' permission checks with the target user's org)
  orgNotFound: define(StatusCode.FailedPrecondition, "Organisation not found", "COMMAND-QXPGs"),
  noMatchingResourcePermissions: define(StatusCode.PermissionDenied, "No matching permissions found", "AUTH-AWfge"),
  /** Only project-scoped grants (their context is a project, not the user) carry the permission. */
  noMatchingPermissionsInContext: define(StatusCode.PermissionDenied, "No matching permissions found", "AUTH-Swrgg2"),

  // grpc-gateway routing (REST only)
  routeNotFound: define(StatusCode.NotFound, "Not Found"),
  methodNotAllowed: define(StatusCode.Unimplemented, "Method Not Allowed"),
  badRequest: define(StatusCode.InvalidArgument, "Bad Request"),

  // Connection level (the mock's own, src/server): what Node's HTTP parser and the connection limits
  // refuse, in the REST error shape; grpc-go's words for a passed grpc-timeout
  requestTimeout: define(StatusCode.DeadlineExceeded, "Request Timeout"),
  requestHeadersTooLarge: define(StatusCode.ResourceExhausted, "Request Header Fields Too Large"),
  deadlineExceeded: define(StatusCode.DeadlineExceeded, "context deadline exceeded"),

  internal: define(StatusCode.Internal, "An internal error occurred"),

  // grpc-go's check of a request message's flags byte (rpc_util.go checkRecvPayload), before any
  // ZITADEL interceptor: 1 (compressed) needs a grpc-encoding other than identity
  compressedFlagWithoutEncoding: define(StatusCode.Internal, "grpc: compressed flag set with identity or empty encoding"),

  // PostgreSQL cannot hold U+0000 in text or jsonb (decision 020). A key with NUL reaches the
  // database: the event push fails with the driver's error, which is no zerror (internal/eventstore/v3/
  // push.go returns it as is; gerrors.ZITADELToGRPCError gives it code Unknown and an empty id); the
  // queries fail in internal/query/org_metadata.go.
  eventPayloadNotStorable: define(StatusCode.Unknown, "ERROR: unsupported Unicode escape sequence (SQLSTATE 22P05)", ""),
  metadataQueryFailedOnGet: define(StatusCode.Internal, "An internal error occurred", "QUERY-Hajt2"),
  metadataQueryFailedOnList: define(StatusCode.Internal, "An internal error occurred", "QUERY-Ho2wf"),
} as const satisfies Record<string, ErrorDefinition>;

/** Errors whose text depends on the request. */
export const ErrorTexts = {
  /**
   * A request ZITADEL refuses before any handler: a protoc-gen-validate violation, or a body that
   * cannot be decoded (malformed JSON, wrong type, bad base64). InvalidArgument, no id, no details.
   */
  invalidRequest: (message: string) => define(StatusCode.InvalidArgument, message),
  /** grpc-go's default receive limit (4 MiB), which ZITADEL does not raise. */
  messageTooLarge: (size: number, max: number) =>
    define(StatusCode.ResourceExhausted, `grpc: received message larger than max (${size} vs. ${max})`),
  /** grpc-go's answer to a request message whose flags byte is neither 0 nor 1 (rpc_util.go checkRecvPayload). */
  unexpectedPayloadFormat: (flags: number) => define(StatusCode.Internal, `grpc: received unexpected payload format ${flags}`),
  /** A ManagementService RPC the mock does not cover. */
  notMocked: (method: string) =>
    define(
      StatusCode.Unimplemented,
      `zitadel-mock does not implement ${method}; it covers organization and user metadata and GetMyOrg only`,
    ),
} as const;

export const fail = (definition: ErrorDefinition): never => {
  throw new ZitadelError(definition);
};
