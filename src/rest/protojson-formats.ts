import type { Ajv } from "ajv";
import addFormats from "ajv-formats";

/** protojson's bytes: standard or URL-safe alphabet, padding optional. */
const BASE64 = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;
const UINT64 = /^[0-9]+$/;

/** The formats the spec uses, as protojson reads and writes them. */
export const addProtojsonFormats = (ajv: Ajv): Ajv =>
  addFormats
    .default(ajv, ["date-time"])
    .addFormat("byte", { type: "string", validate: (value: string) => BASE64.test(value) })
    .addFormat("uint64", { type: "string", validate: (value: string) => UINT64.test(value) })
    .addFormat("uint32", { type: "number", validate: (value: number) => Number.isInteger(value) && value >= 0 && value <= 0xffffffff });
