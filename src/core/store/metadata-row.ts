import { type StoredValue, bytesOf } from "./stored-value.js";

/** A row of ZITADEL's `projections.org_metadata2`. */
export interface MetadataRow {
  readonly key: string;
  /** The key lower-cased (the *_IGNORE_CASE searches compare it). */
  readonly lowerKey: string;
  /** The value's bytes: a new array on every read. */
  readonly value: Uint8Array;
  /** The value as the store keeps it (standard base64, padded). */
  readonly storedValue: StoredValue;
  /** Set on insert only: survives updates, reset by a remove. */
  readonly creationDate: Date;
  readonly changeDate: Date;
  readonly sequence: number;
}

/**
 * One row: its key twice (as written and lower-cased, the same string when the key is lower case
 * already) and the value as text, so a row is one small object and its strings (decision 026).
 * Rows never change (an update is a new row), so a row may be made again from packed rows whenever
 * it is read (decision 035).
 */
export class Row implements MetadataRow {
  constructor(
    readonly key: string,
    readonly lowerKey: string,
    readonly storedValue: StoredValue,
    readonly sequence: number,
    readonly creationDate: Date,
    readonly changeDate: Date,
  ) {}

  get value(): Uint8Array {
    return bytesOf(this.storedValue);
  }
}

/** A key's lower-cased form, sharing the key's string where it is lower case already. */
export const lowerOf = (key: string): string => {
  const lower = key.toLowerCase();
  return lower === key ? key : lower;
};
