import { type DescMessage, type JsonValue, type MessageShape, fromJson } from "@bufbuild/protobuf";
import { ErrorTexts, fail } from "../core/errors.js";

/**
 * grpc-gateway's decoding with `body: "*"`: the JSON body is read into the whole request with
 * protojson (unknown fields discarded; camelCase or proto names; uint64 as string or number; base64
 * standard or URL-safe), then path parameters overwrite their fields, so the path `key` wins.
 */
export const decodeRequest = <Desc extends DescMessage>(
  schema: Desc,
  body: unknown,
  pathParams: Record<string, string>,
): MessageShape<Desc> => {
  let message: MessageShape<Desc>;
  try {
    message = fromJson(schema, (body ?? {}) as JsonValue, { ignoreUnknownFields: true });
  } catch (error) {
    return fail(ErrorTexts.invalidRequest(`proto: ${(error as Error).message}`));
  }
  const target = message as Record<string, unknown>;
  for (const [name, value] of Object.entries(pathParams)) {
    const field = schema.fields.find((f) => f.name === name || f.jsonName === name);
    if (field) target[field.localName] = value;
  }
  return message;
};

/**
 * protojson reads `null` for a known field as an unset field. Nulls are dropped along the request
 * message's own fields (so the depth is the proto's, whatever the client nests in unknown fields).
 */
export const withoutNullFields = (schema: DescMessage, json: unknown): unknown => {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return json;
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(json)) {
    const field = schema.fields.find((f) => f.jsonName === name || f.name === name);
    if (!field) kept[name] = value;
    else if (value === null) continue;
    else if (field.fieldKind === "message") kept[name] = withoutNullFields(field.message, value);
    else if (field.fieldKind === "list" && field.listKind === "message" && Array.isArray(value)) {
      kept[name] = value.map((item: unknown) => withoutNullFields(field.message, item));
    } else kept[name] = value;
  }
  return kept;
};
