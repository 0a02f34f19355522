import type { DescField } from "@bufbuild/protobuf";

/** A protobuf-es message read as it is, without a reflection object per message. */
export type MessageFields = Readonly<Record<string, unknown>>;

/**
 * A message's value of `field`: its own property, or its oneof's `value` when the oneof's `case`
 * names it (undefined otherwise). What the size bound and the request validation read.
 */
export const fieldValue = (message: MessageFields, field: DescField): unknown => {
  if (!field.oneof) return message[field.localName];
  const oneof = message[field.oneof.localName] as { case?: string; value?: unknown } | undefined;
  return oneof?.case === field.localName ? oneof.value : undefined;
};
