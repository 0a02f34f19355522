import {
  type DescField,
  type DescMessage,
  type DescOneof,
  type Message,
  getOption,
  hasOption,
} from "@bufbuild/protobuf";
import { type FieldRules, rules as pgvRules, required as pgvRequired } from "@zitadel/proto/validate/validate_pb.js";
import { ErrorTexts, fail } from "../core/errors.js";
import { fieldValue, type MessageFields } from "./field-value.js";

/**
 * protoc-gen-validate, as ZITADEL runs it (validation_interceptor.go): the rules are read from the
 * `validate.rules` options in ZITADEL's own descriptors, the first violation wins, and the text is
 * PGV's (`invalid SetOrgMetadataRequest.Key: value length must be between 1 and 200 runes, inclusive`).
 * Covers the rule kinds ZITADEL's metadata requests use: string and bytes lengths, repeated items,
 * enum defined_only, required oneofs and embedded messages.
 */
export const assertValidRequest = (schema: DescMessage, message: Message): void => {
  const violation = firstViolation(schema, message as unknown as MessageFields);
  if (violation !== undefined) fail(ErrorTexts.invalidRequest(violation));
};

/** PGV names types as Go does: package-relative, nested names joined by `_`. */
const goTypeName = (schema: DescMessage): string =>
  schema.typeName.slice(schema.file.proto.package.length + 1).replaceAll(".", "_");

/** PGV names fields by their Go name: `key_query` -> `KeyQuery`. */
const goFieldName = (name: string): string =>
  name
    .split("_")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");

/** `SetOrgMetadataRequest.Key`, as PGV's texts name a field or oneof; built on the first violation only. */
const ownerOf = (schema: DescMessage, member: DescField | DescOneof): string => `${goTypeName(schema)}.${goFieldName(member.name)}`;

/** What `[...text].length` counts (code points, a lone surrogate as one), without building the array. */
const runeCount = (text: string): number => {
  let count = 0;
  for (let i = 0; i < text.length; i++, count++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return count;
};

const lengthRule = (min: bigint, max: bigint, unit: "runes" | "bytes"): string | undefined => {
  if (min > 0n && max > 0n) {
    return min === max ? `value length must be ${min} ${unit}` : `value length must be between ${min} and ${max} ${unit}, inclusive`;
  }
  if (min > 0n) return `value length must be at least ${min} ${unit}`;
  if (max > 0n) return `value length must be at most ${max} ${unit}`;
  return undefined;
};

const checkLength = (length: number, min: bigint, max: bigint, unit: "runes" | "bytes"): string | undefined =>
  (min > 0n && length < min) || (max > 0n && length > max) ? lengthRule(min, max, unit) : undefined;

/**
 * The reason a single value breaks `fieldRules`, or undefined. `value` is the message's own field
 * value: an unset string, bytes or enum reads as its zero value, as protobuf-es' reflection gives it.
 */
const scalarViolation = (field: DescField, value: unknown, fieldRules: FieldRules): string | undefined => {
  const rule = fieldRules.type;
  switch (rule.case) {
    case "string":
      return checkLength(value === undefined ? 0 : runeCount(value as string), rule.value.minLen ?? 0n, rule.value.maxLen ?? 0n, "runes");
    case "bytes":
      return checkLength(value === undefined ? 0 : (value as Uint8Array).length, rule.value.minLen ?? 0n, rule.value.maxLen ?? 0n, "bytes");
    case "enum": {
      const number = value ?? field.enum?.values[0]?.number;
      const defined = field.enum?.values.some((v) => v.number === number) ?? true;
      return rule.value.definedOnly && !defined ? "value must be one of the defined enum values" : undefined;
    }
    default:
      return undefined;
  }
};

/** Reading an option decodes it from the descriptor: once per field (or oneof) is enough. */
const rulesCache = new WeakMap<DescField, FieldRules | null>();
const rulesOf = (field: DescField): FieldRules | undefined => {
  let fieldRules = rulesCache.get(field);
  if (fieldRules === undefined) rulesCache.set(field, (fieldRules = hasOption(field, pgvRules) ? getOption(field, pgvRules) : null));
  return fieldRules ?? undefined;
};
const requiredCache = new WeakMap<DescOneof, boolean>();
const isRequired = (oneof: DescOneof): boolean => {
  let required = requiredCache.get(oneof);
  if (required === undefined) requiredCache.set(oneof, (required = getOption(oneof, pgvRequired)));
  return required;
};

const embedded = (owner: string, cause: string): string =>
  `invalid ${owner}: embedded message failed validation | caused by: ${cause}`;

const fieldViolation = (schema: DescMessage, message: MessageFields, field: DescField): string | undefined => {
  const fieldRules = rulesOf(field);
  switch (field.fieldKind) {
    case "scalar":
    case "enum": {
      const reason = fieldRules && scalarViolation(field, fieldValue(message, field), fieldRules);
      return reason && `invalid ${ownerOf(schema, field)}: ${reason}`;
    }
    case "message": {
      const value = fieldValue(message, field);
      if (value === undefined) return undefined;
      const cause = firstViolation(field.message, value as MessageFields);
      return cause && embedded(ownerOf(schema, field), cause);
    }
    case "list": {
      const list = fieldValue(message, field) as readonly unknown[];
      const itemRules = fieldRules?.type.case === "repeated" ? fieldRules.type.value.items : undefined;
      for (let i = 0; i < list.length; i++) {
        const item: unknown = list[i];
        if (field.listKind === "message") {
          const cause = firstViolation(field.message, item as MessageFields);
          if (cause) return embedded(`${ownerOf(schema, field)}[${i}]`, cause);
        } else if (itemRules) {
          const reason = scalarViolation(field, item, itemRules);
          if (reason) return `invalid ${ownerOf(schema, field)}[${i}]: ${reason}`;
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
};

const oneofViolation = (schema: DescMessage, message: MessageFields, oneof: DescOneof): string | undefined => {
  const selected = (message[oneof.localName] as { case?: string }).case;
  const field = selected === undefined ? undefined : oneof.fields.find((f) => f.localName === selected);
  if (field === undefined) return isRequired(oneof) ? `invalid ${ownerOf(schema, oneof)}: value is required` : undefined;
  return fieldViolation(schema, message, field);
};

/** PGV's generated order: plain fields in declaration order, then the oneofs. */
const firstViolation = (schema: DescMessage, message: MessageFields): string | undefined => {
  if (!schema.typeName.startsWith("zitadel.")) return undefined;
  for (const field of schema.fields) {
    if (field.oneof) continue;
    const violation = fieldViolation(schema, message, field);
    if (violation) return violation;
  }
  for (const oneof of schema.oneofs) {
    const violation = oneofViolation(schema, message, oneof);
    if (violation) return violation;
  }
  return undefined;
};
