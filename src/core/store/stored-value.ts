import { Buffer } from "node:buffer";

/**
 * How the store keeps a metadata value: its bytes as standard, padded base64 text. A short string
 * costs a fraction of a Uint8Array (no view object, no buffer of its own, and no hold on the request
 * buffer a decoded value may point into); it is what the state export, the state file and fixtures
 * write as they are, and a fixture's value strings are kept without a copy (decision 026).
 */
export type StoredValue = string;

/** A copy of `bytes` as stored. */
export const storedValueOf = (bytes: Uint8Array): StoredValue => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");

/** The bytes of a stored value: a new array on every call. */
export const bytesOf = (value: StoredValue): Uint8Array => {
  const bytes = Buffer.from(value, "base64");
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
};

const STANDARD_PADDED = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$/;

/** Whether `text` is exactly what storedValueOf writes for some bytes (so it can be stored as it is). */
export const isStoredValue = (text: string): boolean => STANDARD_PADDED.test(text);
