import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { PaginationRequest as PaginationV2 } from "@zitadel/proto/zitadel/filter/v2/filter_pb.js";
import type { PaginationRequest as PaginationV2beta } from "@zitadel/proto/zitadel/filter/v2beta/filter_pb.js";
import type { PaginatedListRequest, PaginatedMetadataList } from "../core/metadata/metadata-v2-operations.js";
import type { MetadataRow } from "../core/store/metadata-projection.js";
import { changeTimestamp, clampToSafeInteger, toKeyQuery, type KeyQueryOneof } from "../api/proto-mapping.js";

/** Domain objects <-> the v2 services' messages (zitadel.filter.v2[beta], zitadel.metadata.v2[beta]). */

/** PaginationPbToQuery: absent pagination is offset 0, limit 0 (the list's default), descending. */
export const fromPagination = (
  pagination: PaginationV2 | PaginationV2beta | undefined,
  filters: readonly KeyQueryOneof[],
): PaginatedListRequest => ({
  offset: clampToSafeInteger(pagination?.offset ?? 0n),
  limit: pagination?.limit ?? 0,
  asc: pagination?.asc ?? false,
  queries: filters.map(toKeyQuery),
});

export const toPagination = (list: PaginatedMetadataList) => ({
  totalResult: BigInt(list.totalResult),
  appliedLimit: BigInt(list.appliedLimit),
});

/** zitadel.metadata.v2[beta].Metadata: dates, key and value; no sequence, no resource owner. */
export const toV2Metadata = (row: MetadataRow) => {
  const created = timestampFromDate(row.creationDate);
  return { creationDate: created, changeDate: changeTimestamp(row.changeDate, row.creationDate, created), key: row.key, value: row.value };
};
