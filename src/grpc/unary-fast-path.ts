import http2 from "node:http2";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { compressionBrotli, compressionGzip } from "@connectrpc/connect-node";
import { setTrailerStatus } from "@connectrpc/connect/protocol-grpc";
import { ManagementService, invokeRpc, isMockedRpc, type MockedRpcName } from "../api/management-api.js";
import { MAX_MESSAGE_BYTES } from "../api/message-limits.js";
import { inCurrentCall } from "../control/call-context.js";
import type { Instance } from "../core/instance.js";
import { headerOf, type NodeRequest } from "../server/node-http.js";
import type { RequestHandler } from "../server/one-port-server.js";
import { toConnectError } from "./grpc-errors.js";
import { credentialsOf } from "./management-routes.js";

/** The request content types the fast path serves (the binary codec; `+json` stays connect-node's). */
const BINARY_CONTENT_TYPES = new Set(["application/grpc", "application/grpc+proto"]);

/** connect-node's response compressions, in its order, and the size from which it compresses. */
const COMPRESSIONS = [compressionGzip, compressionBrotli];
const COMPRESS_MIN_BYTES = 1024;

const PATH_PREFIX = `/${ManagementService.typeName}/`;

/** The mocked RPC a request path names, by its gRPC method name (`/…ManagementService/GetOrgMetadata`). */
const RPC_BY_PATH: ReadonlyMap<string, MockedRpcName> = new Map(
  ManagementService.methods
    .filter((method) => isMockedRpc(method.localName))
    .map((method) => [`${PATH_PREFIX}${method.name}`, method.localName as MockedRpcName]),
);

/**
 * The unary call this path serves in full: native gRPC over HTTP/2 to a mocked RPC, the binary codec,
 * no request compression and no deadline. Everything else (gRPC-web, `+json`, `grpc-encoding`,
 * `grpc-timeout`, unknown methods) is connect-node's, as before (decision 024).
 */
const fastRpcOf = (req: NodeRequest): MockedRpcName | undefined => {
  if (!(req instanceof http2.Http2ServerRequest)) return undefined;
  const headers = req.headers;
  if (!BINARY_CONTENT_TYPES.has(headers["content-type"] ?? "")) return undefined;
  const encoding = headers["grpc-encoding"];
  if ((encoding !== undefined && encoding !== "identity") || headers["grpc-timeout"] !== undefined) return undefined;
  return RPC_BY_PATH.get(req.url);
};

/** connect-node's choice of response compression: the first of the client's `grpc-accept-encoding` it has. */
const responseCompression = (req: NodeRequest) => {
  const accepted = headerOf(req, "grpc-accept-encoding");
  if (accepted === undefined || accepted === "") return undefined;
  for (const name of accepted.split(",")) {
    const found = COMPRESSIONS.find((compression) => compression.name === name.trim());
    if (found) return found;
  }
  return undefined;
};

/** The one message of a unary request body: exactly one uncompressed, complete frame, else undefined. */
const singleMessage = (body: Buffer): Buffer | undefined => {
  if (body.length < 5 || body[0] !== 0) return undefined;
  const length = body.readUInt32BE(1);
  return body.length === 5 + length ? body.subarray(5) : undefined;
};

const frame = (flags: number, message: Uint8Array): Buffer => {
  const framed = Buffer.allocUnsafe(5 + message.length);
  framed[0] = flags;
  framed.writeUInt32BE(message.length, 1);
  framed.set(message, 5);
  return framed;
};

/** The response as connect-node writes it: headers, one message frame, `grpc-status: 0` in the trailers. */
const answer = async (req: NodeRequest, res: http2.Http2ServerResponse, message: Uint8Array): Promise<void> => {
  const compression = responseCompression(req);
  const headers: Record<string, string> = { "content-type": req.headers["content-type"]! };
  if (compression) headers["grpc-encoding"] = compression.name;
  const body = compression && message.length >= COMPRESS_MIN_BYTES ? frame(1, await compression.compress(message)) : frame(0, message);
  if (res.destroyed) return;
  res.writeHead(200, headers);
  res.addTrailers({ "grpc-status": "0" });
  res.end(body);
};

/** An error as connect-node writes it: headers, no message, the status in the trailers (connect's own rendering). */
const answerError = (req: NodeRequest, res: http2.Http2ServerResponse, error: unknown): void => {
  if (res.destroyed) return;
  const trailers = setTrailerStatus(new Headers(), toConnectError(error));
  res.writeHead(200, { "content-type": req.headers["content-type"]! });
  res.addTrailers(Object.fromEntries(trailers));
  res.end();
};

/**
 * Native gRPC unary calls to the mocked RPCs without connect-node's per-call machinery (decision 024):
 * the request frame is read and decoded here, the same pipeline runs (`invokeRpc`: size limit,
 * authorization, validation, journal and fault hooks), and the response is written as connect-node
 * writes it. A body that is not one complete uncompressed frame within grpc-go's 4 MiB limit is handed
 * to connect-node with the bytes read so far, so its answers (missing or extra messages, incomplete
 * envelopes, the read limit) stay exactly as they were.
 */
export const withUnaryFastPath = (instance: Instance, connect: RequestHandler): RequestHandler => (req, res) => {
  const rpc = fastRpcOf(req);
  if (rpc === undefined) return connect(req, res);
  const h2res = res as http2.Http2ServerResponse;
  const chunks: Buffer[] = [];
  let read = 0;
  const handOver = (ended: boolean): void => {
    req.off("data", onData);
    req.off("end", onEnd);
    if (!ended) req.pause();
    const rest = ended ? undefined : req[Symbol.asyncIterator].bind(req);
    Object.defineProperty(req, Symbol.asyncIterator, {
      configurable: true,
      value: async function* replay() {
        yield* chunks;
        if (rest) yield* { [Symbol.asyncIterator]: rest };
      },
    });
    connect(req, res);
  };
  let headRead = false;
  const onData = (chunk: Buffer): void => {
    chunks.push(chunk);
    read += chunk.length;
    // A compressed frame, or one past grpc-go's limit: connect-node reads on and answers as it does.
    if (!headRead && read >= 5) {
      headRead = true;
      const head = chunks.length === 1 ? chunk : Buffer.concat(chunks, read);
      if (head[0] !== 0 || head.readUInt32BE(1) > MAX_MESSAGE_BYTES) return handOver(false);
    }
    if (read > 5 + MAX_MESSAGE_BYTES) handOver(false);
  };
  // The pipeline's hooks find the controlled call of this request (control/call-context) from the 'end' event too.
  const inCall = inCurrentCall();
  const onEnd = (): void => inCall(() => {
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, read);
    const bytes = singleMessage(body);
    const method = ManagementService.method[rpc];
    let request;
    try {
      if (bytes === undefined) throw new Error("not one message");
      request = fromBinary(method.input, bytes);
    } catch {
      return handOver(true);
    }
    let response;
    try {
      response = invokeRpc(instance, rpc, request as never, credentialsOf((name) => headerOf(req, name)));
    } catch (error) {
      return answerError(req, h2res, error);
    }
    answer(req, h2res, toBinary(method.output, response as never)).catch((error: unknown) => answerError(req, h2res, error));
  });
  req.on("data", onData);
  req.on("end", onEnd);
};
