import { base64Decode } from "@bufbuild/protobuf/wire";

/**
 * protojson's bytes: one alphabet per value, standard or URL-safe (chosen by the presence of `-` or
 * `_`), padded when the length is a multiple of 4, unpadded otherwise.
 */
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
const URL_SAFE_BASE64 = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}(?:==)?|[A-Za-z0-9_-]{3}=?)?$/;

/** Whether protojson accepts `text` as the value of a `bytes` field. */
export const isProtojsonBase64 = (text: string): boolean => STANDARD_BASE64.test(text) || URL_SAFE_BASE64.test(text);

/** The bytes of a protojson `bytes` value, or undefined if protojson would reject it. */
export const decodeProtojsonBase64 = (text: string): Uint8Array | undefined =>
  isProtojsonBase64(text) ? base64Decode(text) : undefined;
