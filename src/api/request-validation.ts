import {
  type DescField,
  type DescMessage,
  type DescOneof,
  type Message,
  getOption,
  hasOption,
} from "@bufbuild/protobuf";
import { reflect, type ReflectMessage } from "@bufbuild/protobuf/reflect";
import { type FieldRules, rules as pgvRules, required as pgvRequired } from "@zitadel/proto/validate/validate_pb.js";
import { ErrorTexts, fail } from "../core/errors.js";

/**
 * protoc-gen-validate, as ZITADEL runs it (validation_interceptor.go): the rules are read from the
 * `validate.rules` options in ZITADEL's own descriptors, the first violation wins, and the text is
 * PGV's (`invalid SetOrgMetadataRequest.Key: value length must be between 1 and 200 runes, inclusive`).
 * Covers the rule kinds ZITADEL's metadata requests use: string and bytes lengths, repeated items,
 * enum defined_only, required oneofs and embedded messages.
 */
export const assertValidRequest = (schema: DescMessage, message: Message): void => {
  const violation = firstViolation(reflect(schema, message));
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

/** The reason a single value breaks `fieldRules`, or undefined. */
const scalarViolation = (field: DescField, value: unknown, fieldRules: FieldRules): string | undefined => {
  const rule = fieldRules.type;
  switch (rule.case) {
    case "string":
      return checkLength([...(value as string)].length, rule.value.minLen ?? 0n, rule.value.maxLen ?? 0n, "runes");
    case "bytes":
      return checkLength((value as Uint8Array).length, rule.value.minLen ?? 0n, rule.value.maxLen ?? 0n, "bytes");
    case "enum": {
      const defined = field.enum?.values.some((v) => v.number === value) ?? true;
      return rule.value.definedOnly && !defined ? "value must be one of the defined enum values" : undefined;
    }
    default:
      return undefined;
  }
};

/** Reading an option decodes it from the descriptor: once per field is enough. */
const rulesCache = new WeakMap<DescField, FieldRules | undefined>();
const rulesOf = (field: DescField): FieldRules | undefined => {
  if (!rulesCache.has(field)) rulesCache.set(field, hasOption(field, pgvRules) ? getOption(field, pgvRules) : undefined);
  return rulesCache.get(field);
};

const embedded = (owner: string, cause: string): string =>
  `invalid ${owner}: embedded message failed validation | caused by: ${cause}`;

const fieldViolation = (message: ReflectMessage, field: DescField): string | undefined => {
  const owner = `${goTypeName(message.desc)}.${goFieldName(field.name)}`;
  const fieldRules = rulesOf(field);
  switch (field.fieldKind) {
    case "scalar":
    case "enum": {
      const reason = fieldRules && scalarViolation(field, message.get(field), fieldRules);
      return reason && `invalid ${owner}: ${reason}`;
    }
    case "message": {
      if (!message.isSet(field)) return undefined;
      const cause = firstViolation(message.get(field));
      return cause && embedded(owner, cause);
    }
    case "list": {
      const list = message.get(field);
      const itemRules = fieldRules?.type.case === "repeated" ? fieldRules.type.value.items : undefined;
      for (let i = 0; i < list.size; i++) {
        const item: unknown = list.get(i);
        if (field.listKind === "message") {
          const cause = firstViolation(item as ReflectMessage);
          if (cause) return embedded(`${owner}[${i}]`, cause);
        } else if (itemRules) {
          const reason = scalarViolation(field, item, itemRules);
          if (reason) return `invalid ${owner}[${i}]: ${reason}`;
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
};

const oneofViolation = (message: ReflectMessage, oneof: DescOneof): string | undefined => {
  const selected = message.oneofCase(oneof);
  if (selected === undefined) {
    return getOption(oneof, pgvRequired) ? `invalid ${goTypeName(message.desc)}.${goFieldName(oneof.name)}: value is required` : undefined;
  }
  return fieldViolation(message, selected);
};

/** PGV's generated order: plain fields in declaration order, then the oneofs. */
const firstViolation = (message: ReflectMessage): string | undefined => {
  if (!message.desc.typeName.startsWith("zitadel.")) return undefined;
  for (const field of message.fields) {
    if (field.oneof) continue;
    const violation = fieldViolation(message, field);
    if (violation) return violation;
  }
  for (const oneof of message.oneofs) {
    const violation = oneofViolation(message, oneof);
    if (violation) return violation;
  }
  return undefined;
};
