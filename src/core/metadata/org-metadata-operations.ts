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

/** Sets every entry or none; a key repeated in the list ends with its last value. */
export const bulkSetOrgMetadata = (org: Org, entries: readonly MetadataEntry[]): ObjectDetails => {
  if (entries.length === 0) fail(Errors.bulkSetListEmpty);
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
 * ZITADEL's v1 list: the limit rule, then key ascending (ZITADEL sets no ORDER BY; `asc` has no
 * effect); all queries must match. No projection (an owner that does not exist) lists nothing.
 */
export const listMetadata = (
  projection: MetadataProjection | undefined,
  request: ListMetadataRequest,
  viewTimestamp: Date,
): MetadataList => {
  if (request.limit > MAX_QUERY_LIMIT) fail(Errors.limitExceeded);
  if (request.queries.some(({ key }) => holdsNul(key))) fail(Errors.metadataQueryFailedOnList);
  const limit = request.limit === 0 ? MAX_QUERY_LIMIT : request.limit;
  const page = projection
    ? searchMetadata(projection, { queries: request.queries, offset: request.offset, limit })
    : { totalResult: 0, rows: [] };
  return { ...page, viewTimestamp };
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
export const bulkRemoveOrgMetadata = (org: Org, keys: readonly string[]): ObjectDetails => {
  if (keys.length === 0) fail(Errors.bulkRemoveListEmpty);
  for (const key of keys) {
    if (key === "") fail(Errors.metadataInvalidOnBulkRemove);
    if (!org.aggregate.metadata.has(key)) fail(Errors.metadataKeysNotExisting);
  }
  const events = org.aggregate.push(keys.map((key) => ({ type: "org.metadata.removed" as const, key })));
  return changeDetails(org, events[events.length - 1]!);
};
