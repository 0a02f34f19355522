import type { Ajv } from "ajv";
import addFormats from "ajv-formats";

/**
 * protojson's bytes: one alphabet per value, standard or URL-safe (chosen by the presence of `-` or
 * `_`), padded when the length is a multiple of 4, unpadded otherwise.
 */
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
const URL_SAFE_BASE64 = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}(?:==)?|[A-Za-z0-9_-]{3}=?)?$/;
const isProtojsonBase64 = (value: string): boolean => STANDARD_BASE64.test(value) || URL_SAFE_BASE64.test(value);
const UINT64 = /^[0-9]+$/;

/** The formats the spec uses, as protojson reads and writes them. */
export const addProtojsonFormats = (ajv: Ajv): Ajv =>
  addFormats
    .default(ajv, ["date-time"])
    .addFormat("byte", { type: "string", validate: isProtojsonBase64 })
    .addFormat("uint64", { type: "string", validate: (value: string) => UINT64.test(value) })
    .addFormat("uint32", { type: "number", validate: (value: number) => Number.isInteger(value) && value >= 0 && value <= 0xffffffff });
