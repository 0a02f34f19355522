import type http from "node:http";
import type http2 from "node:http2";
import { cors as connectCors } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import cors from "cors";
import type express from "express";
import { MAX_MESSAGE_BYTES } from "../core/errors.js";
import type { Instance } from "../core/instance.js";
import { withSpecGrpcMessageEncoding } from "../grpc/grpc-message-encoding.js";
import { registerManagementService } from "../grpc/management-routes.js";
import { serveOverHttp2 } from "./http2-rest-bridge.js";
import type { RequestHandler } from "./one-port-server.js";
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

/**
 * One handler for every protocol on the port: gRPC, gRPC-web and Connect for
 * `/zitadel.management.v1.ManagementService/*` (connect-node), everything else to the REST app.
 */
export const createTransportHandler = (instance: Instance, app: express.Express, delay?: DelayRange): RequestHandler => {
  const rpcHandler = connectNodeAdapter({
    routes: (router) => registerManagementService(router, instance),
    grpc: true,
    grpcWeb: true,
    connect: true,
    readMaxBytes: MAX_MESSAGE_BYTES,
    fallback: (req, res) => {
      if (req.httpVersionMajor === 2) void serveOverHttp2(app)(req as http2.Http2ServerRequest, res as http2.Http2ServerResponse);
      else app(req as http.IncomingMessage, res as http.ServerResponse);
    },
  });
  const dispatch: RequestHandler = (req, res) => {
    if (/^application\/grpc(?:\+|;|$)/.test(req.headers["content-type"] ?? "")) withSpecGrpcMessageEncoding(res);
    corsMiddleware(req as never, res as never, () => rpcHandler(req, res));
  };
  if (!delay || delay.maxMs === 0) return dispatch;
  // Simulated latency for API calls only: probes, mock controls and CORS preflights answer at once.
  return (req, res) => {
    const immediate = req.method === "OPTIONS" || /^\/(?:debug|__mock)\//.test(req.url ?? "");
    if (immediate) dispatch(req, res);
    else setTimeout(() => dispatch(req, res), pickDelayMs(delay));
  };
};
