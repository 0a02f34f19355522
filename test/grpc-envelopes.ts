/**
 * gRPC's length-prefixed messages (one flags byte, the length as 4 bytes big-endian, the message) for
 * tests that speak gRPC or gRPC-web byte by byte. Built and read with connect's own envelope code
 * (`@connectrpc/connect/protocol`, marked internal there but exported; the lock file pins its version),
 * so no test writes the 5-byte prefix by hand. Tests that send malformed frames on purpose (a declared
 * length that is not the real one, a cut-off body) still write those bytes themselves, and say so.
 */
import { create, toBinary, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { createEnvelopeReadableStream, encodeEnvelope, type EnvelopedMessage } from "@connectrpc/connect/protocol";
import { trailerFlag, trailerParse } from "@connectrpc/connect/protocol-grpc-web";

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** `message` in one envelope; `flags` 1 marks it compressed. */
export const envelope = (message: Uint8Array, flags = 0): Buffer => asBuffer(encodeEnvelope(flags, message));

/** A protobuf message built from `init`, binary-encoded, in one uncompressed envelope. */
export const messageEnvelope = <Desc extends DescMessage>(schema: Desc, init?: MessageInitShape<Desc>): Buffer =>
  envelope(toBinary(schema, create(schema, init)));

/** The envelopes of a whole body, in order. Rejects ("protocol error: incomplete envelope") when the body ends inside one. */
export const readEnvelopes = async (body: Uint8Array): Promise<EnvelopedMessage[]> => {
  const bytes = new ReadableStream<Uint8Array>({
    start(controller) {
      if (body.byteLength > 0) controller.enqueue(body);
      controller.close();
    },
  });
  const envelopes: EnvelopedMessage[] = [];
  for await (const found of createEnvelopeReadableStream(bytes)) envelopes.push(found);
  return envelopes;
};

/** The trailer of a gRPC-web response body (its envelope flagged 0x80), or undefined when the body has none. */
export const readGrpcWebTrailer = async (body: Uint8Array): Promise<Headers | undefined> => {
  const trailer = (await readEnvelopes(body)).find(({ flags }) => (flags & trailerFlag) === trailerFlag);
  return trailer && trailerParse(trailer.data);
};
