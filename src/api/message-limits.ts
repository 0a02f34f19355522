import { type DescMessage, type MessageShape, toBinary } from "@bufbuild/protobuf";
import { ErrorTexts, fail } from "../core/errors.js";

/** grpc-go's default maximum message size, which ZITADEL does not raise (decision 004). */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/** The most any transport reads of one request at all, so memory stays bounded (decision 004). */
export const MAX_READ_BYTES = 8 * MAX_MESSAGE_BYTES;

/** grpc-go's refusal of a message over 4 MiB: ResourceExhausted, in its words. */
export const assertMessageSize = <Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): void => {
  const size = toBinary(schema, message).length;
  if (size > MAX_MESSAGE_BYTES) fail(ErrorTexts.messageTooLarge(size, MAX_MESSAGE_BYTES));
};
