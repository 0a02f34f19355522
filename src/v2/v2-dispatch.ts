import type { Instance } from "../core/instance.js";
import { answerInternalError } from "../grpc/unanswerable-rpc.js";
import type { NodeRequest, NodeResponse } from "../rest/rest-gateway.js";
import type { RequestHandler } from "../server/one-port-server.js";
import { handleZitadelCors } from "../server/zitadel-cors.js";
import { isV2RestPath, isV2RpcPath } from "./v2-services.js";

/**
 * The v2 services' entry points for the dispatchers (one call each in server/transport-handler.ts and
 * rest/rest-gateway.ts). Each takes its requests (returns true) or leaves them (false); the v2
 * descriptors, connect adapter and spec load on the first v2 request, not at start-up.
 */

/** Once, on first use; a failure is retried by the next request. */
const lazily = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let loading: Promise<T> | undefined;
  return () => (loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  }));
};

/**
 * Connect, gRPC and gRPC-web on `/<v2 service>/...`: ZITADEL's connect-go handler, wrapped in its
 * CORS handler for every protocol (so preflights are answered here too).
 */
export const createV2RpcDispatch = (instance: Instance): ((req: NodeRequest, res: NodeResponse) => boolean) => {
  const handler = lazily<RequestHandler>(() => import("./v2-connect-routes.js").then((m) => m.createV2RpcHandler(instance)));
  return (req, res) => {
    if (!isV2RpcPath(req.url ?? "")) return false;
    if (handleZitadelCors(req, res)) return true;
    handler().then(
      (handle) => handle(req, res),
      () => answerInternalError(req, res),
    );
    return true;
  };
};

/** REST on `/v2/...` and `/v2beta/...` (`path`: the gateway's cleaned request path). */
export const createV2RestDispatch = (instance: Instance): ((req: NodeRequest, res: NodeResponse, path: string) => boolean) => {
  const gateway = lazily(() => import("./v2-rest-gateway.js").then((m) => m.createV2RestGateway(instance)));
  return (req, res, path) => {
    if (!isV2RestPath(path)) return false;
    gateway().then(
      (handle) => handle(req, res, path),
      () => answerInternalError(req, res),
    );
    return true;
  };
};
