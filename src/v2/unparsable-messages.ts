import { fromBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  type UniversalHandler,
  type UniversalServerRequest,
  type UniversalServerResponse,
  createAsyncIterable,
  readAllBytes,
} from "@connectrpc/connect/protocol";
import { codeToHttpStatus, errorToJsonBytes } from "@connectrpc/connect/protocol-connect";
import { setTrailerStatus } from "@connectrpc/connect/protocol-grpc";
import { MAX_READ_BYTES } from "../api/message-limits.js";

/**
 * connect-go refuses a binary request message that does not parse with invalid_argument
 * (`unmarshal into *user.SetUserMetadataRequest: ...`, codec.go / envelope.go); connect-node says
 * internal (Connect: HTTP 500). An uncompressed unary binary body (Connect `application/proto`, or
 * gRPC / gRPC-web envelopes) is parsed here first and refused as connect-go refuses it; what parses
 * goes on to connect-node unchanged. Compressed or cut-short bodies are left to connect-node.
 */

type Framing = "connect" | "grpc";

const GRPC_BINARY = /^application\/grpc(?:-web)?(?:\+proto)?$/;

const framingOf = (request: UniversalServerRequest): Framing | undefined => {
  if (request.method !== "POST" || !(Symbol.asyncIterator in Object(request.body))) return undefined;
  const contentType = request.header.get("content-type") ?? "";
  if (contentType === "application/proto" && !request.header.get("content-encoding")) return "connect";
  const encoding = request.header.get("grpc-encoding");
  if (GRPC_BINARY.test(contentType) && (!encoding || encoding === "identity")) return "grpc";
  return undefined;
};

/** The messages of a gRPC body (5-byte envelopes); compressed messages and a torn envelope are skipped. */
const envelopedMessages = (body: Uint8Array): Uint8Array[] => {
  const messages: Uint8Array[] = [];
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  for (let offset = 0; offset + 5 <= body.length; ) {
    const flags = body[offset]!;
    const length = view.getUint32(offset + 1);
    const end = offset + 5 + length;
    if (end > body.length) break;
    if (flags === 0) messages.push(body.subarray(offset + 5, end));
    offset = end;
  }
  return messages;
};

const refusal = (framing: Framing, contentType: string, error: ConnectError): UniversalServerResponse => {
  if (framing === "connect") {
    return {
      status: codeToHttpStatus(error.code),
      header: new Headers({ "content-type": "application/json" }),
      body: createAsyncIterable([errorToJsonBytes(error, {})]),
    };
  }
  // Trailers-only: the status in the headers, no message.
  const header = new Headers({ "content-type": contentType });
  setTrailerStatus(header, error);
  return { status: 200, header, body: createAsyncIterable([]) };
};

export const refusingUnparsableMessages = (handler: UniversalHandler): UniversalHandler => {
  const { input } = handler.method;
  // Go's type name: the package's first name after `zitadel.` (zitadel.user.v2 -> user), then the message.
  const goType = `*${input.file.proto.package.split(".")[1] ?? ""}.${input.name}`;
  const wrapped = async (request: UniversalServerRequest): Promise<UniversalServerResponse> => {
    const framing = framingOf(request);
    if (!framing) return handler(request);
    const contentType = request.header.get("content-type") ?? "";
    let body: Uint8Array;
    try {
      body = await readAllBytes(request.body as AsyncIterable<Uint8Array>, MAX_READ_BYTES);
    } catch (error) {
      return refusal(framing, contentType, ConnectError.from(error));
    }
    const messages = framing === "connect" ? [body] : envelopedMessages(body);
    for (const message of messages) {
      try {
        fromBinary(input, message);
      } catch {
        const error = new ConnectError(`unmarshal into ${goType}: proto: cannot parse invalid wire-format data`, Code.InvalidArgument);
        return refusal(framing, contentType, error);
      }
    }
    return handler({ ...request, body: createAsyncIterable([body]) });
  };
  return Object.assign(wrapped, handler);
};
