import { fromBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, type Interceptor, createContextKey, createContextValues } from "@connectrpc/connect";
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
 * gRPC / gRPC-web envelopes) goes to connect-node as it arrives, its chunks kept; only when
 * connect-node answers without having reached the implementation (`implementationReached`, an
 * interceptor) are the bytes parsed here, once more, and a message that does not parse refused as
 * connect-go refuses it. Any message that parses is decoded once, by connect-node. Compressed or
 * cut-short bodies are left to connect-node.
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

/** Set by the interceptor once connect-node has parsed the request and calls the implementation. */
const REACHED = createContextKey(false, { description: "v2 implementation reached" });

/** The interceptor that tells the wrapper the message parsed (interceptors run after connect-node's parse). */
export const implementationReached: Interceptor = (next) => (request) => {
  request.contextValues.set(REACHED, true);
  return next(request);
};

/** The request body as connect-node reads it, its chunks kept for a second look. */
class KeptBody implements AsyncIterable<Uint8Array> {
  private readonly chunks: Uint8Array[] = [];
  private readonly source: AsyncIterator<Uint8Array>;
  private ended = false;
  private kept = 0;

  constructor(body: AsyncIterable<Uint8Array>) {
    this.source = body[Symbol.asyncIterator]();
  }

  // No `return`: what connect-node leaves unread stays readable for `all`.
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return { next: () => this.next() };
  }

  private async next(): Promise<IteratorResult<Uint8Array>> {
    const result = await this.source.next();
    if (result.done) this.ended = true;
    else {
      this.chunks.push(result.value);
      this.kept += result.value.byteLength;
    }
    return result;
  }

  /** The whole body, what connect-node left unread included; past the read bound, readAllBytes' refusal. */
  async all(): Promise<Uint8Array> {
    while (!this.ended && this.kept <= MAX_READ_BYTES) await this.next();
    return readAllBytes(createAsyncIterable(this.chunks), MAX_READ_BYTES);
  }
}

export const refusingUnparsableMessages = (handler: UniversalHandler): UniversalHandler => {
  const { input } = handler.method;
  // Go's type name: the package's first name after `zitadel.` (zitadel.user.v2 -> user), then the message.
  const goType = `*${input.file.proto.package.split(".")[1] ?? ""}.${input.name}`;
  const wrapped = async (request: UniversalServerRequest): Promise<UniversalServerResponse> => {
    const framing = framingOf(request);
    if (!framing) return handler(request);
    const body = new KeptBody(request.body as AsyncIterable<Uint8Array>);
    const contextValues = request.contextValues ?? createContextValues();
    const response = await handler({ ...request, body, contextValues });
    if (contextValues.get(REACHED)) return response;
    const contentType = request.header.get("content-type") ?? "";
    let bytes: Uint8Array;
    try {
      bytes = await body.all();
    } catch (error) {
      return refusal(framing, contentType, ConnectError.from(error));
    }
    for (const message of framing === "connect" ? [bytes] : envelopedMessages(bytes)) {
      try {
        fromBinary(input, message);
      } catch {
        const error = new ConnectError(`unmarshal into ${goType}: proto: cannot parse invalid wire-format data`, Code.InvalidArgument);
        return refusal(framing, contentType, error);
      }
    }
    return response;
  };
  return Object.assign(wrapped, handler);
};
