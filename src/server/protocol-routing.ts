import { isV2RpcPath } from "../v2/v2-services.js";
import type { NodeRequest } from "./node-http.js";

export type WireProtocol = "grpc" | "grpc-web" | "rest" | "connect";

const PROTOCOL = Symbol("zitadel-mock protocol");
/** A request with its protocol once found: the request log, the control plane and the dispatch each ask. */
type Routed = NodeRequest & { [PROTOCOL]?: WireProtocol };

/**
 * ZITADEL's RouteGRPC (internal/api/api.go): gRPC is HTTP/2 + POST + `application/grpc[+proto|+json]`;
 * gRPC-web is POST + `application/grpc-web*` (improbable-eng's check); everything else goes to the
 * REST gateway. The Connect protocol is served only under the v2 services' paths (src/v2), as in
 * ZITADEL: there, whatever is neither gRPC nor gRPC-web is Connect. Found once per request.
 */
export const protocolOf = (req: NodeRequest): WireProtocol => ((req as Routed)[PROTOCOL] ??= routedProtocol(req));

const routedProtocol = (req: NodeRequest): WireProtocol => {
  const contentType = req.headers["content-type"] ?? "";
  if (req.method === "POST" && req.httpVersionMajor === 2 && /^application\/grpc(?:\+proto|\+json)?$/.test(contentType)) return "grpc";
  if (req.method === "POST" && contentType.startsWith("application/grpc-web")) return "grpc-web";
  return isV2RpcPath(req.url ?? "") ? "connect" : "rest";
};
