import { type Message, fromBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import {
  type UniversalHandler,
  type UniversalServerRequest,
  type UniversalServerResponse,
  createAsyncIterable,
  readAllBytes,
} from "@connectrpc/connect/protocol";
import { codeToHttpStatus, errorToJsonBytes } from "@connectrpc/connect/protocol-connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { MAX_READ_BYTES } from "../api/message-limits.js";
import { ErrorTexts, ZitadelError } from "../core/errors.js";
import type { Instance } from "../core/instance.js";
import { zitadelErrorInterceptor } from "../grpc/management-routes.js";
import type { RequestHandler } from "../server/one-port-server.js";
import { OrganizationService, UserService, V2_RPCS, invokeV2Rpc } from "./v2-rpcs.js";

const credentialsOf = (context: HandlerContext) => ({
  authorization: context.requestHeader.get("authorization") ?? undefined,
  orgId: context.requestHeader.get("x-zitadel-orgid") ?? undefined,
});

type AnyUnaryImpl = (request: Message, context: HandlerContext) => unknown;

/** A v2 service from ZITADEL's descriptors: the mocked RPCs run the v2 pipeline, the others answer UNIMPLEMENTED. */
const registerService = (router: ConnectRouter, instance: Instance, service: typeof OrganizationService | typeof UserService): void => {
  const implementation: Record<string, AnyUnaryImpl> = {};
  for (const method of service.methods) {
    const rpc = V2_RPCS.get(`/${service.typeName}/${method.name}`);
    implementation[method.localName] = rpc
      ? (request, context) => invokeV2Rpc(instance, rpc, request, credentialsOf(context))
      : () => {
          throw new ZitadelError(ErrorTexts.notMocked(`${service.typeName}/${method.name}`));
        };
  }
  router.service(service, implementation, { interceptors: [zitadelErrorInterceptor] });
};

/** A Connect error answered by hand, as connect-node's unary handler would write it. */
const connectErrorResponse = (error: ConnectError): UniversalServerResponse => ({
  status: codeToHttpStatus(error.code),
  header: new Headers({ "content-type": "application/json" }),
  body: createAsyncIterable([errorToJsonBytes(error, {})]),
});

/**
 * connect-go refuses a request body that does not parse as the request message with invalid_argument
 * (`unmarshal into *user.SetUserMetadataRequest: ...`); connect-node says internal (500). A unary
 * Connect call with an uncompressed `application/proto` body is parsed here first; what parses goes
 * on to connect-node as bytes. (gRPC and gRPC-web keep connect-node's answer.)
 */
const refusingUnparsableBinary = (handler: UniversalHandler): UniversalHandler => {
  const { input } = handler.method;
  // Go's type name: the package's first name after `zitadel.` (zitadel.user.v2 -> user), then the message.
  const goType = `*${input.file.proto.package.split(".")[1] ?? ""}.${input.name}`;
  const wrapped = async (request: UniversalServerRequest): Promise<UniversalServerResponse> => {
    const isBinaryUnary = request.method === "POST" && request.header.get("content-type") === "application/proto";
    if (!isBinaryUnary || request.header.get("content-encoding") || !(Symbol.asyncIterator in Object(request.body))) return handler(request);
    let body: Uint8Array;
    try {
      body = await readAllBytes(request.body as AsyncIterable<Uint8Array>, MAX_READ_BYTES);
      fromBinary(input, body);
    } catch (error) {
      const refusal =
        error instanceof ConnectError
          ? error
          : new ConnectError(`unmarshal into ${goType}: proto: cannot parse invalid wire-format data`, Code.InvalidArgument);
      return connectErrorResponse(refusal);
    }
    return handler({ ...request, body: createAsyncIterable([body]) });
  };
  return Object.assign(wrapped, handler);
};

/**
 * The v2 services as ZITADEL serves them with connect-go: the Connect protocol (JSON and binary,
 * unary POST), gRPC and gRPC-web, on `/<service>/<Rpc>`. Errors leave through the same rendering as
 * v1 (grpc/grpc-errors.ts): connect-node writes the Connect error JSON (string code, details with
 * type/value/debug) from it, and the gRPC status details for gRPC and gRPC-web.
 */
export const createV2RpcHandler = (instance: Instance): RequestHandler => {
  const handler = connectNodeAdapter({
    routes: (router) => {
      registerService(router, instance, OrganizationService);
      registerService(router, instance, UserService);
      router.handlers.forEach((handler, i) => (router.handlers[i] = refusingUnparsableBinary(handler)));
    },
    connect: true,
    grpc: true,
    grpcWeb: true,
    readMaxBytes: MAX_READ_BYTES,
    // connect-go's generated handler answers a procedure the service does not have with http.NotFound.
    fallback: (req, res) => {
      req.resume();
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" });
      res.end("404 page not found\n");
    },
  });
  return handler as RequestHandler;
};
