import { KEY_SEPARATOR, type KeyText } from "../store/key-text.js";
import { type KeyQuery, TextQueryMethod, ignoresCase } from "./text-query.js";

/** The matches of a scan: how many rows passed, and those at positions [offset, offset + limit). */
export interface ScanResult<R> {
  readonly total: number;
  readonly rows: R[];
}

/**
 * The rows of `blocks` (key texts, in order) whose key CONTAINS or ENDS_WITH the query's text (on
 * the lower-cased keys for the IGNORE_CASE forms, which `blocks` must then be) and that pass
 * `passes`, if given. Each block is searched with `indexOf`; only a hit visits its row (and makes
 * one, for a packed block, only when it is tested or paged), so a key that does not match is never
 * touched.
 */
export const scanKeyTexts = <R>(
  blocks: readonly KeyText<R>[],
  query: KeyQuery,
  passes: ((row: R) => boolean) | undefined,
  offset: number,
  limit: number,
): ScanResult<R> => {
  const endsWith = query.method === TextQueryMethod.EndsWith || query.method === TextQueryMethod.EndsWithIgnoreCase;
  const wanted = ignoresCase(query.method) ? query.key.toLowerCase() : query.key;
  // ENDS_WITH looks for the text followed by a key's separator.
  const needle = endsWith ? wanted + KEY_SEPARATOR : wanted;
  const length = wanted.length;
  const rows: R[] = [];
  let total = 0;
  for (const block of blocks) {
    const { text, ends } = block;
    let i = 0;
    let hit = text.indexOf(needle);
    while (hit !== -1) {
      while (i < ends.length && ends[i]! < hit) i++; // the key the hit starts in (or whose separator it is)
      if (i === ends.length) break;
      const end = ends[i]!;
      if (endsWith ? hit + length !== end : hit + length > end) {
        hit = text.indexOf(needle, hit + 1); // runs over a separator: not inside one key
        continue;
      }
      // A packed block makes a row on rowAt: with nothing else to test, only the page's rows are made.
      const row = passes === undefined ? undefined : block.rowAt(i);
      if (row === undefined || passes!(row)) {
        if (total >= offset && rows.length < limit) rows.push(row ?? block.rowAt(i));
        total++;
      }
      i++;
      hit = text.indexOf(needle, end + 1);
    }
  }
  return { total, rows };
};
