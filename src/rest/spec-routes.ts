import { readFileSync } from "node:fs";
import { load as parseYaml } from "js-yaml";

/** What the gateways read of an OpenAPI document: its paths and their operations. */
export interface SpecDocument {
  readonly paths?: Record<string, Record<string, SpecOperation>>;
}

interface SpecOperation {
  readonly operationId?: string;
  readonly requestBody?: unknown;
}

/** A spec operation with the RPC that serves it, resolved once at start. */
export interface SpecRoute<Rpc> {
  /** The spec's path template and HTTP method. */
  readonly path: string;
  readonly method: string;
  readonly operationId: string;
  readonly rpc: Rpc;
  /** grpc-gateway reads a body only for RPCs whose HTTP rule has `body: "*"` (the spec's requestBody). */
  readonly hasBody: boolean;
}

/** The OpenAPI document at `specPath`, parsed. */
export const readSpec = (specPath: string): SpecDocument => parseYaml(readFileSync(specPath, "utf8")) as SpecDocument;

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/**
 * The spec's operations as openapi-backend lists them (path template, method, operationId, body),
 * each with its RPC from `rpcOf`, which fails start-up for an operation the mock has no RPC for.
 */
export const specRoutes = <Rpc>(spec: SpecDocument, rpcOf: (operationId: string | undefined) => Rpc): SpecRoute<Rpc>[] =>
  Object.entries(spec.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([method, operation]) => ({
        path,
        method,
        operationId: operation.operationId ?? "",
        rpc: rpcOf(operation.operationId),
        hasBody: operation.requestBody !== undefined,
      })),
  );
