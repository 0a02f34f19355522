import { type DescMessage, type JsonValue, type MessageShape, fromJson } from "@bufbuild/protobuf";
import { ErrorTexts, fail } from "../core/errors.js";
import { fieldNamed } from "./field-names.js";

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
    const field = fieldNamed(schema, name);
    if (field) target[field.localName] = value;
  }
  return message;
};
