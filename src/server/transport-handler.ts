import type http from "node:http";
import type http2 from "node:http2";
import { cors as connectCors } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import cors from "cors";
import type express from "express";
import { MAX_READ_BYTES } from "../api/message-limits.js";
import { ManagementService } from "../api/management-api.js";
import { answerUnknownRpc, answerUnservedGrpcWebFormat, isUnservedGrpcWebFormat } from "../grpc/unanswerable-rpc.js";
import type { Instance } from "../core/instance.js";
import { withSpecGrpcMessageEncoding } from "../grpc/grpc-message-encoding.js";
import { registerManagementService } from "../grpc/management-routes.js";
import { createHttp2RestBridge, type ListeningAddress } from "./http2-rest-bridge.js";
import type { RequestHandler } from "./one-port-server.js";
import { protocolOf } from "./protocol-routing.js";
import { type DelayRange, pickDelayMs } from "./response-delay.js";

/** The headers ZITADEL lets browsers send (its gRPC-web wrapper and HTTP CORS settings). */
const ZITADEL_REQUEST_HEADERS = ["authorization", "x-zitadel-orgid", "accept-language"];

/**
 * CORS for gRPC-web and REST from any origin, as ZITADEL answers it: preflights are answered, the
 * gRPC status headers are readable by scripts.
 */
const corsMiddleware = cors({
  origin: true,
  credentials: true,
  methods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
  allowedHeaders: [...new Set([...connectCors.allowedHeaders, ...ZITADEL_REQUEST_HEADERS].map((h) => h.toLowerCase()))],
  exposedHeaders: [...connectCors.exposedHeaders],
  maxAge: 7200,
});

export interface TransportOptions {
  readonly delay?: DelayRange | undefined;
  /** Where the one-port server listens, once it does (REST over h2c is forwarded there). */
  readonly ownAddress: () => ListeningAddress | undefined;
}

export interface TransportHandler {
  readonly handler: RequestHandler;
  /**
   * Drops what is still pending: delayed requests are never handled (their responses are destroyed),
   * REST over h2c loses its loopback connections. The handler stays usable.
   */
  close(): void;
}

/**
 * One handler for every protocol on the port, routed as ZITADEL routes them: gRPC and gRPC-web to
 * `zitadel.management.v1.ManagementService` (connect-node), everything else to the REST app.
 */
export const createTransportHandler = (instance: Instance, app: express.Express, options: TransportOptions): TransportHandler => {
  const restOverHttp2 = createHttp2RestBridge(options.ownAddress);
  const rest: RequestHandler = (req, res) => {
    if (req.httpVersionMajor === 2) restOverHttp2.handler(req as http2.Http2ServerRequest, res as http2.Http2ServerResponse);
    else app(req as http.IncomingMessage, res as http.ServerResponse);
  };
  const rpcHandler = connectNodeAdapter({
    routes: (router) => registerManagementService(router, instance),
    grpc: true,
    grpcWeb: true,
    connect: false,
    // A memory bound only: the 4 MiB rule itself is the pipeline's, with grpc-go's wording.
    readMaxBytes: MAX_READ_BYTES,
    fallback: (req, res) => answerUnknownRpc(req, res as http.ServerResponse, [ManagementService.typeName]),
  });
  const dispatch: RequestHandler = (req, res) => {
    const protocol = protocolOf(req);
    if (protocol === "grpc") withSpecGrpcMessageEncoding(res);
    corsMiddleware(req as never, res as never, () => {
      if (protocol === "rest") rest(req, res);
      else if (isUnservedGrpcWebFormat(req)) answerUnservedGrpcWebFormat(req, res);
      else rpcHandler(req, res);
    });
  };
  /** Delayed requests not handled yet, with their responses. */
  const pending = new Map<NodeJS.Timeout, Parameters<RequestHandler>[1]>();
  const close = (): void => {
    for (const [timer, res] of pending) {
      clearTimeout(timer);
      res.destroy();
    }
    pending.clear();
    restOverHttp2.close();
  };
  const delay = options.delay;
  if (!delay || delay.maxMs === 0) return { handler: dispatch, close };
  // Simulated latency for API calls only: probes, mock controls and CORS preflights answer at once,
  // and REST over h2c is delayed once, when the bridge hands it to the HTTP/1.1 side.
  const delayed: RequestHandler = (req, res) => {
    const url = req.url ?? "";
    const immediate =
      req.method === "OPTIONS" || /^\/(?:debug|__mock)\//.test(url) || (req.httpVersionMajor === 2 && protocolOf(req) === "rest");
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
  return { handler: delayed, close };
};
