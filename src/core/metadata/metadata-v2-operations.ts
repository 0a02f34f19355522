import { checkPermission, hasPermission } from "../auth/check-permission.js";
import type { Instance, User } from "../instance.js";
import type { ObjectDetails } from "./object-details.js";
import {
  type ListMetadataRequest,
  type MetadataEntry,
  type MetadataList,
  bulkRemoveOrgMetadata,
  bulkSetOrgMetadata,
  listMetadata,
} from "./org-metadata-operations.js";
import { bulkRemoveUserMetadata, bulkSetUserMetadata } from "./user-metadata-operations.js";

/**
 * The metadata operations of ZITADEL's v2 services, over the same commands, events and rows as v1:
 * the Organization service v2beta (internal/api/grpc/org/v2beta/org.go) and the User service v2
 * (internal/api/grpc/user/v2/metadata.go). The target org or user comes from the request, not from
 * the org context; the permission checks that the interceptor does not make are made here, where
 * ZITADEL makes them (in the command or the query).
 */

/** SystemDefaults.DefaultQueryLimit: what a v2 list applies when the request has no limit. */
export const DEFAULT_QUERY_LIMIT = 100;

/** The v2 pagination (zitadel.filter.v2[beta].PaginationRequest) with the key filters. */
export interface PaginatedListRequest extends ListMetadataRequest {
  readonly asc: boolean;
}

export interface PaginatedMetadataList extends MetadataList {
  /** `pagination.applied_limit` as ZITADEL fills it (raw request limit for org v2beta, the applied one for user v2). */
  readonly appliedLimit: number;
}

/** The time a write's events carry (v2 answers `set_date` / `deletion_date`). */
export const eventDate = (details: ObjectDetails): Date => (details.changeDate ?? details.creationDate)!;

// --- Organization service v2beta: org.read / org.write were checked by the interceptor, in the
// context org; `organizationId` itself is never permission-checked (a baseline quirk, reference §2.4).

/** Always pushes (the org command has no unchanged-value shortcut); an empty list fails before the org check. */
export const setOrganizationMetadata = (instance: Instance, organizationId: string, entries: readonly MetadataEntry[]): ObjectDetails =>
  bulkSetOrgMetadata(instance.org(organizationId), entries);

export const deleteOrganizationMetadata = (instance: Instance, organizationId: string, keys: readonly string[]): ObjectDetails =>
  bulkRemoveOrgMetadata(instance.org(organizationId), keys);

/** Default limit 100, no ORDER BY (key order here, as v1); an unknown org lists nothing; appliedLimit echoes the request. */
export const listOrganizationMetadata = (
  instance: Instance,
  organizationId: string,
  request: PaginatedListRequest,
  viewTimestamp: Date,
): PaginatedMetadataList => ({
  ...listMetadata(instance.org(organizationId)?.aggregate.metadata, request, viewTimestamp, { defaultLimit: DEFAULT_QUERY_LIMIT }),
  appliedLimit: request.limit,
});

// --- User service v2: Set and Delete are only `authenticated` at the interceptor; the command finds
// the user in any org, then checks `user.write` in the user's org (no self-management exemption).

const userWriteCheck = (caller: User) => (user: User) => checkPermission(caller, "user.write", user.orgId);

/** Unchanged values push nothing (the user command); `set_date` is then the latest metadata event's. */
export const setUserMetadataV2 = (instance: Instance, caller: User, userId: string, entries: readonly MetadataEntry[]): ObjectDetails =>
  bulkSetUserMetadata(instance.user(userId), entries, userWriteCheck(caller));

export const deleteUserMetadataV2 = (instance: Instance, caller: User, userId: string, keys: readonly string[]): ObjectDetails =>
  bulkRemoveUserMetadata(instance.user(userId), keys, userWriteCheck(caller));

/**
 * `user.read` in the context org was checked by the interceptor. The query finds the user in any org,
 * orders by creation date (newest first unless `asc`), pages, and then drops the rows the caller may
 * not read (`user.read` in the user's org; one's own metadata is exempt) without correcting
 * `totalResult`. A user that does not exist lists nothing.
 */
export const listUserMetadataV2 = (
  instance: Instance,
  caller: User,
  userId: string,
  request: PaginatedListRequest,
  viewTimestamp: Date,
): PaginatedMetadataList => {
  const user = instance.user(userId);
  const rules = { defaultLimit: DEFAULT_QUERY_LIMIT, byCreationDate: request.asc ? "asc" : "desc" } as const;
  const list = listMetadata(user?.aggregate.metadata, request, viewTimestamp, rules);
  const readable = user === undefined || user.id === caller.id || hasPermission(caller, "user.read", user.orgId);
  return { ...list, rows: readable ? list.rows : [], appliedLimit: request.limit || DEFAULT_QUERY_LIMIT };
};
