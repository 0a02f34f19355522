import type { MessageInitShape } from "@bufbuild/protobuf";
import { type Timestamp, timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ListOrgMetadataRequest } from "@zitadel/proto/zitadel/management_pb.js";
import { type MetadataSchema } from "@zitadel/proto/zitadel/metadata_pb.js";
import { type ListDetailsSchema, type ObjectDetailsSchema } from "@zitadel/proto/zitadel/object_pb.js";
import { type OrgSchema, OrgState } from "@zitadel/proto/zitadel/org_pb.js";
import { Errors, fail } from "../core/errors.js";
import type { Org } from "../core/instance.js";
import type { Metadata, ObjectDetails } from "../core/metadata/object-details.js";
import type { ListMetadataRequest, MetadataList } from "../core/metadata/org-metadata-operations.js";
import type { KeyQuery, TextQueryMethod } from "../core/metadata/text-query.js";

/** Domain objects <-> @zitadel/proto messages; shared by every transport. */

/**
 * A change date as a Timestamp: the creation date's own when both are the same instant (a key set
 * once, as most are), else converted. Both fields may share one Timestamp: messages are never changed.
 */
export const changeTimestamp = (changeDate: Date, creationDate: Date | undefined, created: Timestamp | undefined): Timestamp =>
  created !== undefined && creationDate!.getTime() === changeDate.getTime() ? created : timestampFromDate(changeDate);

export const toProtoDetails = (details: ObjectDetails): MessageInitShape<typeof ObjectDetailsSchema> => {
  const { creationDate, changeDate } = details;
  const created = creationDate && timestampFromDate(creationDate);
  return {
    sequence: BigInt(details.sequence),
    creationDate: created,
    changeDate: changeDate && changeTimestamp(changeDate, creationDate, created),
    resourceOwner: details.resourceOwner,
  };
};

export const toProtoMetadata = (metadata: Metadata): MessageInitShape<typeof MetadataSchema> => ({
  key: metadata.key,
  value: metadata.value,
  details: toProtoDetails(metadata.details),
});

export const toProtoListDetails = (list: MetadataList): MessageInitShape<typeof ListDetailsSchema> => ({
  totalResult: BigInt(list.totalResult),
  viewTimestamp: timestampFromDate(list.viewTimestamp),
});

export const toProtoOrg = (org: Org): MessageInitShape<typeof OrgSchema> => ({
  id: org.id,
  name: org.name,
  primaryDomain: org.primaryDomain,
  state: OrgState.ACTIVE,
  details: toProtoDetails({
    sequence: org.aggregate.org.sequence,
    creationDate: org.aggregate.org.creationDate,
    changeDate: org.aggregate.org.changeDate,
    resourceOwner: org.id,
  }),
});

/** A uint64 offset as a number: beyond 2^53 no list has that many rows anyway. */
export const clampToSafeInteger = (value: bigint): number =>
  value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);

/**
 * One key query of any version's oneof: v1 and v2beta `key_query` (TEXT_QUERY_METHOD_*), v2
 * `key_filter` (TEXT_FILTER_METHOD_*), the same numbers. ZITADEL's converters answer anything else
 * with METAD-fdg23 (unreachable once PGV requires the oneof).
 */
export interface KeyQueryOneof {
  readonly case: string | undefined;
  readonly value?: { readonly key: string; readonly method: number } | undefined;
}

export const toKeyQuery = (query: KeyQueryOneof): KeyQuery =>
  (query.case === "keyQuery" || query.case === "keyFilter") && query.value
    ? { key: query.value.key, method: query.value.method as TextQueryMethod }
    : fail(Errors.listQueryInvalid);

/** The v1 list request of org or user metadata (`query` and `queries`). */
export const fromProtoListRequest = (request: Pick<ListOrgMetadataRequest, "query" | "queries">): ListMetadataRequest => ({
  offset: clampToSafeInteger(request.query?.offset ?? 0n),
  limit: request.query?.limit ?? 0,
  queries: request.queries.map(({ query }) => toKeyQuery(query)),
});
