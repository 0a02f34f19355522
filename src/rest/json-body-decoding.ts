import { isUtf8 } from "node:buffer";
import type { DescEnum, DescField, DescMessage, JsonObject, JsonValue, ScalarType } from "@bufbuild/protobuf";
import { ErrorTexts, ZitadelError } from "../core/errors.js";
import { fieldNamed } from "./field-names.js";
import { JsonSyntaxError, type JsonTokenKind, JsonTokenReader } from "./json-tokens.js";
import { DISCARDED, decodeEnum, decodeScalar, kindName } from "./protojson-scalars.js";

/**
 * How ZITADEL's gateway reads a request body (grpc-gateway's JSONPb over protobuf-go's protojson with
 * DiscardUnknown), into canonical protojson the rest of the pipeline reads:
 * - only the first JSON value counts (the generated handler's json.Decoder reads one value); an empty
 *   or whitespace-only body is an empty request (io.EOF, accepted);
 * - a known field given twice, also once under its JSON name and once under its proto name, is
 *   refused (`duplicate field`); unknown fields are skipped unread, whatever their name
 *   (`__proto__` included) and however often they appear;
 * - `null` leaves a field unset; an unknown enum name too (the method stays EQUALS);
 * - integers as protojson takes them (`1e0`, `"1"`), bytes as Go's base64 decoder takes them.
 * Anything else that protojson refuses is 400 / InvalidArgument, before authentication.
 */
export const decodeJsonBody = (schema: DescMessage, body: Uint8Array): JsonObject => {
  const text = decodeUtf8(body);
  const reader = new JsonTokenReader(text);
  try {
    if (reader.peek().kind === "eof") return {};
    return readMessage(reader, schema, 0);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new ZitadelError(ErrorTexts.invalidRequest(`proto: ${error.message}`));
    throw error;
  }
};

const STRUCTURAL = new Set<JsonTokenKind>(["{", "}", "[", "]", ":", ",", "eof"]);

/** What express.raw leaves in `req.body`: the bytes, or nothing when the request had no body. */
export const bodyBytes = (body: unknown): Uint8Array => (body instanceof Uint8Array ? body : new Uint8Array());

/** Go's decoders refuse invalid UTF-8 where Node would put U+FFFD. */
const decodeUtf8 = (body: Uint8Array): string => {
  if (!isUtf8(body)) throw new ZitadelError(ErrorTexts.invalidRequest("proto: invalid UTF-8 in JSON body"));
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
};

const readMessage = (reader: JsonTokenReader, schema: DescMessage, depth: number): JsonObject => {
  const open = reader.next();
  if (open.kind !== "{") throw reader.unexpected(open);
  // Only known fields are copied, under their JSON name (so `__proto__` is skipped like any unknown name).
  const message: JsonObject = {};
  const seen = new Set<number>();
  if (reader.peek().kind === "}") {
    reader.next();
    return message;
  }
  for (;;) {
    const name = reader.expect("string");
    reader.expect(":");
    const field = fieldNamed(schema, name.text);
    if (!field) reader.skipValue(depth + 1);
    else {
      if (seen.has(field.number)) throw new JsonSyntaxError(`(${reader.position(name.at)}): duplicate field ${name.raw}`);
      seen.add(field.number);
      const value = readField(reader, field, depth + 1);
      if (value !== undefined) message[field.jsonName] = value;
    }
    const after = reader.next();
    if (after.kind === "}") return message;
    if (after.kind !== ",") throw reader.unexpected(after);
  }
};

/** A field's value, or undefined when it stays unset (`null`, an unknown enum name). */
const readField = (reader: JsonTokenReader, field: DescField, depth: number): JsonValue | undefined => {
  if (reader.peek().kind === "null") {
    reader.next();
    return undefined;
  }
  switch (field.fieldKind) {
    case "message":
      return readMessage(reader, field.message, depth);
    case "scalar":
    case "enum":
      return readSingular(reader, field);
    case "list": {
      const open = reader.next();
      if (open.kind !== "[") throw reader.unexpected(open);
      const items: JsonValue[] = [];
      for (let read = 0; reader.peek().kind !== "]"; read++) {
        if (read > 0) reader.expect(",");
        const item = field.listKind === "message" ? readMessage(reader, field.message, depth + 1) : readSingular(reader, field);
        if (item !== undefined) items.push(item);
      }
      reader.next();
      return items;
    }
    case "map":
      // No request of the mocked RPCs has a map field.
      reader.skipValue(depth);
      return undefined;
  }
};

/** The enum or scalar type of a singular field or of a list's items. */
const itemTypeOf = (field: DescField): { enum: DescEnum } | { scalar: ScalarType } | undefined => {
  if (field.fieldKind === "enum" || (field.fieldKind === "list" && field.listKind === "enum")) return { enum: field.enum };
  if (field.fieldKind === "scalar" || (field.fieldKind === "list" && field.listKind === "scalar")) return { scalar: field.scalar };
  return undefined;
};

const readSingular = (reader: JsonTokenReader, field: DescField): JsonValue | undefined => {
  const token = reader.next();
  const type = itemTypeOf(field);
  if (!type) throw reader.unexpected(token);
  const value = "enum" in type ? decodeEnum(type.enum, token) : decodeScalar(type.scalar, token);
  if (value === DISCARDED) return undefined;
  if (value !== undefined) return value;
  if (STRUCTURAL.has(token.kind)) throw reader.unexpected(token);
  const kind = "enum" in type ? "enum" : kindName(type.scalar);
  throw new JsonSyntaxError(`(${reader.position(token.at)}): invalid value for ${kind} field ${field.jsonName}: ${token.raw}`);
};
