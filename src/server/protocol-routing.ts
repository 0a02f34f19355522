import type { NodeRequest } from "./node-http.js";

export type WireProtocol = "grpc" | "grpc-web" | "rest";


/**
 * ZITADEL's RouteGRPC (internal/api/api.go): gRPC is HTTP/2 + POST + `application/grpc[+proto|+json]`;
 * gRPC-web is POST + `application/grpc-web*` (improbable-eng's check); everything else goes to the
 * REST gateway. The Connect protocol is not served for v1, so neither does the mock.
 */
export const protocolOf = (req: NodeRequest): WireProtocol => {
  const contentType = req.headers["content-type"] ?? "";
  if (req.method !== "POST") return "rest";
  if (req.httpVersionMajor === 2 && /^application\/grpc(?:\+proto|\+json)?$/.test(contentType)) return "grpc";
  if (contentType.startsWith("application/grpc-web")) return "grpc-web";
  return "rest";
};
