import { Buffer } from "node:buffer";

/**
 * protojson's bytes (encoding/protojson unmarshalBytes over Go's encoding/base64): one alphabet per
 * value, URL-safe when the text holds `-` or `_`, else standard; padded when the text's length
 * (line breaks included) is a multiple of 4, unpadded otherwise. Go's decoder skips `\r` and `\n`
 * anywhere and ignores non-zero trailing bits.
 */
const STANDARD = /^[A-Za-z0-9+/]*$/;
const URL_SAFE = /^[A-Za-z0-9_-]*$/;
const LINE_BREAKS = /[\r\n]/g;

/**
 * A protojson `bytes` value's base64 without the line breaks Go's decoder skips (what every later
 * reader takes), or undefined if protojson would reject it.
 */
export const protojsonBase64Data = (text: string): string | undefined => {
  const alphabet = /[-_]/.test(text) ? URL_SAFE : STANDARD;
  const data = text.replace(LINE_BREAKS, "");
  let quanta = data;
  if (text.length % 4 === 0) {
    // Padded: whole quanta, the last one may end in "=" or "==".
    if (data.length % 4 !== 0) return undefined;
    quanta = data.endsWith("==") ? data.slice(0, -2) : data.endsWith("=") ? data.slice(0, -1) : data;
  } else if (data.length % 4 === 1) return undefined; // unpadded: a last quantum of 2 or 3 characters
  return alphabet.test(quanta) ? data : undefined;
};

/** Whether protojson accepts `text` as the value of a `bytes` field. */
export const isProtojsonBase64 = (text: string): boolean => protojsonBase64Data(text) !== undefined;

/**
 * The bytes of a protojson `bytes` value, or undefined if protojson would reject it. Decoded by
 * Node's Buffer, which takes either alphabet, with or without padding, and ignores trailing bits,
 * as Go's decoder does once the text has passed the checks above: it keeps protobuf-es (40-50 ms
 * of imports) out of the fixture worker, which reads this module (decision 039).
 */
export const decodeProtojsonBase64 = (text: string): Uint8Array | undefined => {
  const data = protojsonBase64Data(text);
  if (data === undefined) return undefined;
  const bytes = Buffer.from(data, "base64");
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
};
