import type http from "node:http";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { MAX_READ_BYTES } from "../api/message-limits.js";
import { ManagementService } from "../api/management-api.js";
import { answerUnknownRpc, handleOrAnswerInternal, answerUnservedGrpcWebFormat, isUnservedGrpcWebFormat } from "../grpc/unanswerable-rpc.js";
import type { Instance } from "../core/instance.js";
import { withGrpcGoResponseHeaders } from "../grpc/grpc-message-encoding.js";
import { callContextValues, registerManagementService } from "../grpc/management-routes.js";
import { checkPayloadFormat } from "../grpc/payload-format.js";
import { createUnaryStreamPath } from "../grpc/unary-fast-path.js";
import type { RestHandler } from "../rest/rest-gateway.js";
import { noStreams, type StreamHandler } from "./http2-streams.js";
import type { RequestHandler } from "./one-port-server.js";
import { protocolOf } from "./protocol-routing.js";
import { type DelayRange, pickDelayMs } from "./response-delay.js";
import { handleZitadelCors } from "./zitadel-cors.js";
import { createV2RpcDispatch } from "../v2/v2-dispatch.js";


export interface TransportOptions {
  readonly delay?: DelayRange | undefined;
}

export interface TransportHandler {
  readonly handler: RequestHandler;
  /** Plain unary gRPC calls to the mocked RPCs, on HTTP/2's stream API (decision 031); none with a delay. */
  readonly streamHandler: StreamHandler;
  /** Drops what is still pending: delayed requests are never handled (their responses are destroyed). The handler stays usable. */
  close(): void;
}

/**
 * One handler for every protocol on the port, routed as ZITADEL routes them: gRPC and gRPC-web to
 * `zitadel.management.v1.ManagementService` (connect-node), everything else to the REST gateway,
 * directly for both HTTP versions (express hosts the same gateway only for `mock.app`, decision 025).
 */
export const createTransportHandler = (
  instance: Instance,
  restGateway: RestHandler,
  options: TransportOptions = {},
): TransportHandler => {
  const connectHandler = connectNodeAdapter({
    routes: (router) => registerManagementService(router, instance),
    grpc: true,
    grpcWeb: true,
    connect: false,
    // A memory bound only: the 4 MiB rule itself is the pipeline's, with grpc-go's wording.
    readMaxBytes: MAX_READ_BYTES,
    contextValues: callContextValues,
    fallback: (req, res) => answerUnknownRpc(req, res as http.ServerResponse, [ManagementService.typeName]),
  });
  const v2Rpc = createV2RpcDispatch(instance); // v2 services: Connect, gRPC, gRPC-web (src/v2)
  const dispatch: RequestHandler = (req, res) => {
    if (v2Rpc(req, res)) return;
    const protocol = protocolOf(req);
    if (protocol === "grpc") withGrpcGoResponseHeaders(req, res);
    // ZITADEL's CORS wraps its HTTP handlers, not native gRPC (the mock's /__mock/ controls never get here: src/control answers them first).
    else if (handleZitadelCors(req, res)) return;
    if (protocol === "rest") restGateway(req, res);
    else if (isUnservedGrpcWebFormat(req)) answerUnservedGrpcWebFormat(req, res);
    // grpc-go refuses a message's flags byte before any handler (decision 037); gRPC-web is left as it was.
    else if (protocol === "grpc") checkPayloadFormat(req, res, connectHandler);
    else connectHandler(req, res);
  };
  // Plain unary gRPC calls to the mocked RPCs skip connect-node's per-call machinery and Node's
  // compatibility objects (decisions 024, 031); a body that is not one message is handed over to the
  // dispatch's gRPC branch (connect-node).
  const streamHandler = createUnaryStreamPath(instance, (req, res) => handleOrAnswerInternal(dispatch, req, res));
  /** Delayed requests not handled yet, with their responses. */
  const pending = new Map<NodeJS.Timeout, Parameters<RequestHandler>[1]>();
  const close = (): void => {
    for (const [timer, res] of pending) {
      clearTimeout(timer);
      res.destroy();
    }
    pending.clear();
  };
  const delay = options.delay;
  if (!delay || delay.maxMs === 0) return { handler: dispatch, streamHandler, close };
  // Simulated latency for API calls only: probes, mock controls and CORS preflights answer at once.
  const delayed: RequestHandler = (req, res) => {
    const url = req.url ?? "";
    const immediate = req.method === "OPTIONS" || /^\/(?:debug|__mock)\//.test(url);
    if (immediate) {
      dispatch(req, res);
      return;
    }
    const timer = setTimeout(() => {
      pending.delete(timer);
      res.off("close", forget);
      dispatch(req, res);
    }, pickDelayMs(delay));
    // A client that goes away during the delay leaves nothing to answer.
    const forget = (): void => {
      clearTimeout(timer);
      pending.delete(timer);
    };
    pending.set(timer, res);
    res.once("close", forget);
  };
  // With a delay the stream path takes nothing: every call waits here, as Node request and response.
  return { handler: delayed, streamHandler: noStreams, close };
};
