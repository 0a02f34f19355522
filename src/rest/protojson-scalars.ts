import { type DescEnum, ScalarType } from "@bufbuild/protobuf";
import { protojsonBase64Data } from "../api/protojson-base64.js";
import type { JsonToken } from "./json-tokens.js";

/**
 * protobuf-go's protojson reading of one scalar or enum token (encoding/protojson/decode.go), turned
 * into the canonical JSON the rest of the pipeline reads: integers as numbers (32-bit) or decimal
 * strings (64-bit), bytes as valid base64 without line breaks, enums as their name or number.
 */

/** An unknown enum name: with DiscardUnknown, protojson leaves the field unset. */
export const DISCARDED = Symbol("discarded");
export type ScalarJson = string | number | boolean;

const INTEGER_RANGES: Partial<Record<ScalarType, readonly [bigint, bigint]>> = {
  [ScalarType.INT32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [ScalarType.SINT32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [ScalarType.SFIXED32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [ScalarType.UINT32]: [0n, 2n ** 32n - 1n],
  [ScalarType.FIXED32]: [0n, 2n ** 32n - 1n],
  [ScalarType.INT64]: [-(2n ** 63n), 2n ** 63n - 1n],
  [ScalarType.SINT64]: [-(2n ** 63n), 2n ** 63n - 1n],
  [ScalarType.SFIXED64]: [-(2n ** 63n), 2n ** 63n - 1n],
  [ScalarType.UINT64]: [0n, 2n ** 64n - 1n],
  [ScalarType.FIXED64]: [0n, 2n ** 64n - 1n],
};
const IS_64_BIT = new Set([ScalarType.INT64, ScalarType.SINT64, ScalarType.SFIXED64, ScalarType.UINT64, ScalarType.FIXED64]);
const IS_UNSIGNED = new Set([ScalarType.UINT32, ScalarType.FIXED32, ScalarType.UINT64, ScalarType.FIXED64]);

const NUMBER_PARTS = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;

/**
 * A JSON number as an integer, as protobuf-go's normalizeToIntString reads it: `1e0`, `1.0` and
 * `10e-1` are 1; `1.5` is no integer. Undefined when it is none.
 */
export const jsonNumberToInteger = (text: string): { negative: boolean; magnitude: bigint } | undefined => {
  const [, sign = "", whole = "", fraction = "", exponentText = "0"] = NUMBER_PARTS.exec(text) ?? [];
  if (!whole) return undefined;
  const digits = `${whole}${fraction}`.replace(/^0+(?=.)/, "");
  const exponent = Number(exponentText) - fraction.length;
  if (/^0+$/.test(digits)) return { negative: sign === "-", magnitude: 0n };
  if (exponent >= 0) {
    // Past 20 digits no 64-bit integer fits; the bound also keeps 1e999999999 cheap.
    if (digits.length + exponent > 40) return { negative: sign === "-", magnitude: 10n ** 40n };
    return { negative: sign === "-", magnitude: BigInt(digits) * 10n ** BigInt(exponent) };
  }
  const cut = digits.length + exponent;
  if (cut < 0 || !/^0*$/.test(digits.slice(cut))) return undefined;
  return { negative: sign === "-", magnitude: cut === 0 ? 0n : BigInt(digits.slice(0, cut)) };
};

/** protojson's unmarshalInt/unmarshalUint: a number, or a string holding exactly one JSON number. */
const integer = (type: ScalarType, token: JsonToken): number | string | undefined => {
  let text: string;
  if (token.kind === "number") text = token.raw;
  else if (token.kind === "string") text = token.text;
  else return undefined;
  const parsed = jsonNumberToInteger(text);
  const range = INTEGER_RANGES[type];
  if (!parsed || !range) return undefined;
  // Go parses the normalized digits with strconv: "-0" is no unsigned integer.
  if (parsed.negative && IS_UNSIGNED.has(type)) return undefined;
  const value = parsed.negative ? -parsed.magnitude : parsed.magnitude;
  if (value < range[0] || value > range[1]) return undefined;
  return IS_64_BIT.has(type) ? value.toString() : Number(value);
};

const float = (token: JsonToken): number | string | undefined => {
  if (token.kind === "number") return Number(token.raw);
  if (token.kind !== "string") return undefined;
  if (["NaN", "Infinity", "-Infinity"].includes(token.text)) return token.text;
  return NUMBER_PARTS.test(token.text) ? Number(token.text) : undefined;
};

/** The canonical JSON of a scalar token, or undefined when protojson refuses it. */
export const decodeScalar = (type: ScalarType, token: JsonToken): ScalarJson | undefined => {
  switch (type) {
    case ScalarType.STRING:
      return token.kind === "string" ? token.text : undefined;
    case ScalarType.BOOL:
      return token.kind === "true" ? true : token.kind === "false" ? false : undefined;
    case ScalarType.BYTES:
      // Valid base64 goes on as written (every later reader takes both alphabets, padded or not),
      // without the line breaks that only Go's decoder skips.
      return token.kind === "string" ? protojsonBase64Data(token.text) : undefined;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return float(token);
    default:
      return integer(type, token);
  }
};

/** protojson's unmarshalEnum with DiscardUnknown: a known name, any int32 number, or dropped. */
export const decodeEnum = (desc: DescEnum, token: JsonToken): ScalarJson | typeof DISCARDED | undefined => {
  if (token.kind === "string") return desc.values.some((v) => v.name === token.text) ? token.text : DISCARDED;
  if (token.kind === "number") return integer(ScalarType.INT32, token);
  return undefined;
};

/** Go's name of a field kind in protojson's "invalid value for <kind> field" message. */
export const kindName = (type: ScalarType | "enum"): string => (type === "enum" ? "enum" : ScalarType[type].toLowerCase());
