import type { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { isProtojsonBase64 } from "../api/protojson-base64.js";

const UINT64 = /^[0-9]+$/;

/** The formats the spec uses, as protojson reads and writes them. */
export const addProtojsonFormats = (ajv: Ajv): Ajv =>
  addFormats
    .default(ajv, ["date-time"])
    .addFormat("byte", { type: "string", validate: isProtojsonBase64 })
    .addFormat("uint64", { type: "string", validate: (value: string) => UINT64.test(value) });
