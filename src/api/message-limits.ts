import { type DescField, type DescMessage, type Message, type MessageShape, ScalarType, toBinary } from "@bufbuild/protobuf";
import { ErrorTexts, ZitadelError, fail } from "../core/errors.js";
import { fieldValue, type MessageFields } from "./field-value.js";

/** grpc-go's default maximum message size, which ZITADEL does not raise (decision 004). */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/** The most any transport reads of one request at all, so memory stays bounded (decision 004). */
export const MAX_READ_BYTES = 8 * MAX_MESSAGE_BYTES;

/** Room for a field's tag and length prefix (each a varint of at most 5 bytes). */
const FIELD_OVERHEAD = 10;

const scalarBound = (type: ScalarType, value: unknown): number => {
  if (type === ScalarType.STRING) return FIELD_OVERHEAD + 3 * (value as string).length; // UTF-8: <= 3 bytes per UTF-16 unit
  if (type === ScalarType.BYTES) return FIELD_OVERHEAD + (value as Uint8Array).length;
  return FIELD_OVERHEAD + 10; // a varint or fixed number: at most 10 bytes
};

const fieldBound = (field: DescField, value: unknown): number => {
  switch (field.fieldKind) {
    case "scalar":
      return scalarBound(field.scalar, value);
    case "enum":
      return FIELD_OVERHEAD + 10;
    case "message":
      return FIELD_OVERHEAD + sizeBound(field.message, value as MessageShape<DescMessage>);
    case "list": {
      let sum = FIELD_OVERHEAD;
      for (const item of value as unknown[]) {
        sum +=
          field.listKind === "message"
            ? FIELD_OVERHEAD + sizeBound(field.message, item as MessageShape<DescMessage>)
            : field.listKind === "scalar"
              ? scalarBound(field.scalar, item)
              : FIELD_OVERHEAD + 10;
      }
      return sum;
    }
    case "map": {
      let sum = 0;
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        const itemBound =
          field.mapKind === "message"
            ? sizeBound(field.message, item as MessageShape<DescMessage>)
            : field.mapKind === "scalar"
              ? scalarBound(field.scalar, item)
              : 10;
        sum += 3 * FIELD_OVERHEAD + scalarBound(ScalarType.STRING, key) + itemBound;
      }
      return sum;
    }
  }
};

/**
 * An upper bound of a message's binary size, from string and byte lengths alone: far cheaper than
 * encoding it, and enough to tell that a message is within the limit.
 */
export const sizeBound = (schema: DescMessage, message: MessageShape<DescMessage>): number => {
  let sum = 0;
  for (const field of schema.fields) {
    const value = fieldValue(message as unknown as MessageFields, field);
    if (value !== undefined && value !== null) sum += fieldBound(field, value);
  }
  return sum;
};

/**
 * A message with its size bound, computed at most once: the limit check and the request journal
 * (control/observe-rpc) both read it, and neither pays for it when the other did already.
 */
export class SizedMessage<M extends Message = Message> {
  private computed: number | undefined;
  private encoded: number | undefined;

  constructor(
    readonly schema: DescMessage,
    readonly message: M,
  ) {}

  /** `sizeBound` of the message, computed on the first read. */
  get bound(): number {
    return (this.computed ??= sizeBound(this.schema, this.message as never));
  }

  /** The exact size of the message's protobuf encoding, encoded on the first read (when the bound is not enough). */
  get size(): number {
    return (this.encoded ??= toBinary(this.schema, this.message as never).length);
  }
}

/** grpc-go's refusal of a request message over 4 MiB, made before any of ZITADEL's interceptors runs (decision 045). */
export class MessageTooLargeError extends ZitadelError {}

const tooLarge = (sized: SizedMessage): boolean => sized.bound > MAX_MESSAGE_BYTES && sized.size > MAX_MESSAGE_BYTES;

/** grpc-go's refusal of a message over 4 MiB: ResourceExhausted, in its words. */
export const assertMessageSize = (sized: SizedMessage): void => {
  if (tooLarge(sized)) fail(ErrorTexts.messageTooLarge(sized.size, MAX_MESSAGE_BYTES));
};

/** The same refusal of a request message, by ZITADEL's gRPC server before its interceptors: a MessageTooLargeError. */
export const assertRequestSize = (sized: SizedMessage): void => {
  if (tooLarge(sized)) throw new MessageTooLargeError(ErrorTexts.messageTooLarge(sized.size, MAX_MESSAGE_BYTES));
};
