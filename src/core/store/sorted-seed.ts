import { Buffer } from "node:buffer";
import { compareKeys } from "./key-order.js";
import { KEY_SEPARATOR } from "./key-text.js";

/**
 * One owner's seed metadata in key order, every key once, as byte columns: what a fixture read on a
 * worker thread hands over without a copy (decision 035). Row r has the r-th smallest key
 * (compareKeys) and was the entry `entryIndex[r]` of the owner's entries in the seed, so its event is
 * the `entryIndex[r] + 1`-th of the seed, and its value is that entry's. The keys are in key order,
 * the values in entry order (as the file has them: no reordered copy, decision 039).
 */
export interface SortedSeed {
  readonly kind: "sorted";
  /** How keyText holds code units: "latin1" one byte each (no key has a code unit over 0xff), "utf16le" two. */
  readonly keyEncoding: "latin1" | "utf16le";
  /** Every key in key order, each followed by KEY_SEPARATOR. */
  readonly keyText: Uint8Array;
  /** keyEnds[r]: the code unit of keyText where row r's key ends (its separator); row r starts just past row r-1's separator. */
  readonly keyEnds: Uint32Array;
  /** Every value in stored form (standard padded base64, so ASCII), back to back, in entry order. */
  readonly valueText: Uint8Array;
  /** valueEnds[e]: the byte of valueText where entry e's value ends (and entry e+1's starts). */
  readonly valueEnds: Uint32Array;
  /** entryIndex[r]: row r's position among the owner's entries in the seed. */
  readonly entryIndex: Uint32Array;
}

export const isSortedSeed = (seed: object): seed is SortedSeed => (seed as { kind?: unknown }).kind === "sorted";

/** A sorted seed of `entries` (seed order; keys unique): what a fixture reader builds, for tests. */
export const sortedSeedOf = (entries: readonly { readonly key: string; readonly value: string }[]): SortedSeed => {
  const order = entries.map((_, i) => i).sort((a, b) => compareKeys(entries[a]!.key, entries[b]!.key));
  const keys = order.map((i) => entries[i]!.key);
  const keyEncoding = keys.every((key) => [...key].every((char) => char.charCodeAt(0) <= 0xff)) ? "latin1" : "utf16le";
  const keyEnds = new Uint32Array(order.length);
  const valueEnds = new Uint32Array(order.length);
  let keyEnd = -KEY_SEPARATOR.length;
  let valueEnd = 0;
  order.forEach((i, r) => void (keyEnds[r] = keyEnd += KEY_SEPARATOR.length + entries[i]!.key.length));
  entries.forEach(({ value }, e) => void (valueEnds[e] = valueEnd += value.length));
  const encode = (text: string, encoding: BufferEncoding): Uint8Array => new Uint8Array(Buffer.from(text, encoding));
  return {
    kind: "sorted",
    keyEncoding,
    keyText: encode(keys.map((key) => key + KEY_SEPARATOR).join(""), keyEncoding),
    keyEnds,
    valueText: encode(entries.map(({ value }) => value).join(""), "ascii"),
    valueEnds,
    entryIndex: Uint32Array.from(order),
  };
};
