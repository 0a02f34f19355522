import type { Message } from "@bufbuild/protobuf";
import type { ConnectRouter, HandlerContext } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { MAX_READ_BYTES } from "../api/message-limits.js";
import { runRpc } from "../api/rpc-pipeline.js";
import { ErrorTexts, ZitadelError } from "../core/errors.js";
import type { Instance } from "../core/instance.js";
import { callContextValues, credentialsOf, withCallOf, zitadelErrorInterceptor } from "../grpc/management-routes.js";
import type { RequestHandler } from "../server/one-port-server.js";
import { implementationReached, refusingUnparsableMessages } from "./unparsable-messages.js";
import { OrganizationService, UserService, V2_RPCS } from "./v2-rpcs.js";

type AnyUnaryImpl = (request: Message, context: HandlerContext) => unknown;

/** A v2 service from ZITADEL's descriptors: the mocked RPCs run the shared pipeline, the others answer UNIMPLEMENTED. */
const registerService = (router: ConnectRouter, instance: Instance, service: typeof OrganizationService | typeof UserService): void => {
  const implementation: Record<string, AnyUnaryImpl> = {};
  for (const method of service.methods) {
    const rpc = V2_RPCS.get(`/${service.typeName}/${method.name}`);
    implementation[method.localName] = rpc
      ? (request, context) => withCallOf(context, () => runRpc(instance, rpc, request, credentialsOf((name) => context.requestHeader.get(name))).message)
      : () => {
          throw new ZitadelError(ErrorTexts.notMocked(`${service.typeName}/${method.name}`));
        };
  }
  router.service(service, implementation, { interceptors: [implementationReached, zitadelErrorInterceptor] });
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
      router.handlers.forEach((handler, i) => (router.handlers[i] = refusingUnparsableMessages(handler)));
    },
    connect: true,
    grpc: true,
    grpcWeb: true,
    readMaxBytes: MAX_READ_BYTES,
    contextValues: callContextValues,
    // connect-go's generated handler answers a procedure the service does not have with http.NotFound.
    fallback: (req, res) => {
      req.resume();
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" });
      res.end("404 page not found\n");
    },
  });
  return handler as RequestHandler;
};
