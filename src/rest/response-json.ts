import { type DescMessage, type MessageShape, toJson } from "@bufbuild/protobuf";

/** A response message as grpc-gateway writes it: protojson text. */
export const toJsonText = <Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): string =>
  JSON.stringify(toJson(schema, message));
