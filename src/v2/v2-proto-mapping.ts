import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { PaginationRequest as PaginationV2 } from "@zitadel/proto/zitadel/filter/v2/filter_pb.js";
import type { PaginationRequest as PaginationV2beta } from "@zitadel/proto/zitadel/filter/v2beta/filter_pb.js";
import { Errors, fail } from "../core/errors.js";
import type { PaginatedListRequest, PaginatedMetadataList } from "../core/metadata/metadata-v2-operations.js";
import type { MetadataRow } from "../core/store/metadata-projection.js";
import type { KeyQuery, TextQueryMethod } from "../core/metadata/text-query.js";

/** Domain objects <-> the v2 services' messages (zitadel.filter.v2[beta], zitadel.metadata.v2[beta]). */

const clampToSafeInteger = (value: bigint): number =>
  value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);

/** One key filter of either version: v2beta `key_query` (TEXT_QUERY_METHOD_*), v2 `key_filter` (TEXT_FILTER_METHOD_*), same numbers. */
interface KeyFilterOneof {
  readonly case: string | undefined;
  readonly value?: { readonly key: string; readonly method: number } | undefined;
}

/** ZITADEL's converters answer anything but a key filter with METAD-fdg23 (unreachable once PGV requires the oneof). */
const toKeyQuery = (filter: KeyFilterOneof): KeyQuery =>
  (filter.case === "keyQuery" || filter.case === "keyFilter") && filter.value
    ? { key: filter.value.key, method: filter.value.method as TextQueryMethod }
    : fail(Errors.listQueryInvalid);

/** PaginationPbToQuery: absent pagination is offset 0, limit 0 (the list's default), descending. */
export const fromPagination = (
  pagination: PaginationV2 | PaginationV2beta | undefined,
  filters: readonly KeyFilterOneof[],
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
export const toV2Metadata = (row: MetadataRow) => ({
  creationDate: timestampFromDate(row.creationDate),
  changeDate: timestampFromDate(row.changeDate),
  key: row.key,
  value: row.value,
});
