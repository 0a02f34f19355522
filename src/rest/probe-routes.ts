import type { NodeRequest, NodeResponse } from "../server/node-http.js";
import { sendJson } from "./rest-responses.js";

/** ZITADEL's liveness probe (internal/api/api.go): writes "ok". */
export const answerHealthz = (_req: NodeRequest, res: NodeResponse): void => {
  res.statusCode = 200;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.end("ok");
};

/**
 * ZITADEL's probes beside the API (the mock's `/__mock/` controls are src/control's, in front of
 * the gateway): healthz writes "ok", ready marshals "ok" as JSON. In a file of their own, which
 * loads nothing heavy, so the liveness probe can be answered while the transports still load
 * (src/server/transport-loader.ts, decision 027).
 */
export const probeRoutes = (): ReadonlyMap<string, (req: NodeRequest, res: NodeResponse) => void> =>
  new Map([
    ["GET /debug/healthz", answerHealthz],
    ["GET /debug/ready", (_req: NodeRequest, res: NodeResponse) => sendJson(res, 200, "ok")],
  ]);
