import { Errors, fail } from "../errors.js";
import type { Org } from "../instance.js";
import type { MetadataProjection, MetadataRow } from "../store/metadata-projection.js";
import type { OrgEvent } from "../store/org-events.js";
import type { Metadata, ObjectDetails } from "./object-details.js";
import { type MetadataPage, searchMetadata } from "./search-metadata.js";
import type { KeyQuery } from "./text-query.js";

/**
 * The six organization-metadata operations, with ZITADEL's command and query semantics
 * (internal/command/org_metadata.go, internal/query/org_metadata.go). Request-shape rules
 * (protoc-gen-validate) are checked before these run; the checks here are the command's own.
 */

export interface MetadataEntry {
  readonly key: string;
  readonly value: Uint8Array;
}

/** ZITADEL's v1 limit rule: 0 or absent means 1000 (MaxQueryLimit); more than 1000 is an error. */
export const MAX_QUERY_LIMIT = 1000;

/**
 * How a list resolves its limit and orders its rows. v1: 0 means MaxQueryLimit, key order. The v2
 * services (metadata-v2-operations.ts) default to 100, and user v2 orders by creation date.
 */
export interface ListRules {
  /** The limit used for a request limit of 0. */
  readonly defaultLimit: number;
  /** ORDER BY creation_date (ties: the row's sequence), instead of key order. */
  readonly byCreationDate?: "asc" | "desc" | undefined;
}

const V1_LIST_RULES: ListRules = { defaultLimit: MAX_QUERY_LIMIT };

export interface ListMetadataRequest {
  readonly queries: readonly KeyQuery[];
  readonly offset: number;
  readonly limit: number;
}

export interface MetadataList extends MetadataPage {
  readonly viewTimestamp: Date;
}

export const isValidEntry = ({ key, value }: MetadataEntry): boolean => key !== "" && value.length > 0;

/** PostgreSQL's text and jsonb cannot hold U+0000: ZITADEL's push or query of such a key fails. */
const holdsNul = (text: string): boolean => text.includes("\u0000");

const changeDetails = (org: Org, event: OrgEvent): ObjectDetails => ({
  sequence: event.sequence,
  changeDate: event.createdAt,
  resourceOwner: org.id,
});

/** A projection row as Get and List return it; `owner` is the org that owns the row (for user metadata: the user's org). */
export const toMetadata = (owner: Pick<Org, "id">, row: MetadataRow): Metadata => ({
  key: row.key,
  value: row.value,
  details: { sequence: row.sequence, creationDate: row.creationDate, changeDate: row.changeDate, resourceOwner: owner.id },
});

/** Adds or overwrites a key. Always pushes an event, even for an unchanged value. */
export const setOrgMetadata = (org: Org, entry: MetadataEntry): ObjectDetails => {
  if (!isValidEntry(entry)) fail(Errors.metadataInvalidOnSet);
  if (holdsNul(entry.key)) fail(Errors.eventPayloadNotStorable);
  const [event] = org.aggregate.push([{ type: "org.metadata.set", key: entry.key, value: entry.value }]);
  return { sequence: event!.sequence, creationDate: event!.createdAt, resourceOwner: org.id };
};

/** ZITADEL's checkOrgExists: an org the request names (v2) may not exist; the v1 context org always does. */
const existingOrg = (org: Org | undefined): Org => org ?? fail(Errors.orgNotFound);

/** Sets every entry or none; a key repeated in the list ends with its last value. */
export const bulkSetOrgMetadata = (target: Org | undefined, entries: readonly MetadataEntry[]): ObjectDetails => {
  if (entries.length === 0) fail(Errors.bulkSetListEmpty);
  const org = existingOrg(target);
  if (!entries.every(isValidEntry)) fail(Errors.metadataInvalidOnSet);
  if (entries.some(({ key }) => holdsNul(key))) fail(Errors.eventPayloadNotStorable);
  const events = org.aggregate.push(entries.map(({ key, value }) => ({ type: "org.metadata.set" as const, key, value })));
  return changeDetails(org, events[events.length - 1]!);
};

export const getOrgMetadata = (org: Org, key: string): Metadata => {
  if (holdsNul(key)) fail(Errors.metadataQueryFailedOnGet);
  const row = org.aggregate.metadata.get(key) ?? fail(Errors.metadataNotFoundOnGet);
  return toMetadata(org, row);
};

/**
 * ZITADEL's list: the limit rule, then key ascending (ZITADEL sets no ORDER BY; `asc` has no
 * effect) unless the rules order by creation date; all queries must match. No projection (an owner
 * that does not exist) lists nothing.
 */
export const listMetadata = (
  projection: MetadataProjection | undefined,
  request: ListMetadataRequest,
  viewTimestamp: Date,
  rules: ListRules = V1_LIST_RULES,
): MetadataList => {
  if (request.limit > MAX_QUERY_LIMIT) fail(Errors.limitExceeded);
  if (request.queries.some(({ key }) => holdsNul(key))) fail(Errors.metadataQueryFailedOnList);
  const limit = request.limit === 0 ? rules.defaultLimit : request.limit;
  if (!projection) return { totalResult: 0, rows: [], viewTimestamp };
  if (rules.byCreationDate) return { ...pageByCreationDate(projection, request, limit, rules.byCreationDate), viewTimestamp };
  return { ...searchMetadata(projection, { queries: request.queries, offset: request.offset, limit }), viewTimestamp };
};

/** Every match, ordered by creation date (the sequence breaks ties: same instant, pushed later), then the page. */
const pageByCreationDate = (
  projection: MetadataProjection,
  request: ListMetadataRequest,
  limit: number,
  direction: "asc" | "desc",
): MetadataPage => {
  const all = searchMetadata(projection, { queries: request.queries, offset: 0, limit: Number.MAX_SAFE_INTEGER });
  const sign = direction === "asc" ? 1 : -1;
  const ordered = [...all.rows].sort(
    (a, b) => sign * (a.creationDate.getTime() - b.creationDate.getTime() || a.sequence - b.sequence),
  );
  const rows = ordered.slice(request.offset, request.offset + limit);
  return { totalResult: rows.length === 0 ? 0 : all.totalResult, rows };
};

export const listOrgMetadata = (org: Org, request: ListMetadataRequest, viewTimestamp: Date): MetadataList =>
  listMetadata(org.aggregate.metadata, request, viewTimestamp);

export const removeOrgMetadata = (org: Org, key: string): ObjectDetails => {
  if (key === "") fail(Errors.metadataInvalidOnRemove);
  if (!org.aggregate.metadata.has(key)) fail(Errors.metadataNotFoundOnRemove);
  const [event] = org.aggregate.push([{ type: "org.metadata.removed", key }]);
  return changeDetails(org, event!);
};

/** Removes every key or none: one missing key fails the whole request. */
export const bulkRemoveOrgMetadata = (target: Org | undefined, keys: readonly string[]): ObjectDetails => {
  if (keys.length === 0) fail(Errors.bulkRemoveListEmpty);
  const org = existingOrg(target);
  for (const key of keys) {
    if (key === "") fail(Errors.metadataInvalidOnBulkRemove);
    if (!org.aggregate.metadata.has(key)) fail(Errors.metadataKeysNotExisting);
  }
  const events = org.aggregate.push(keys.map((key) => ({ type: "org.metadata.removed" as const, key })));
  return changeDetails(org, events[events.length - 1]!);
};
