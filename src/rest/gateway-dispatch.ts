import type { DescMessage } from "@bufbuild/protobuf";
import http2 from "node:http2";
import type { SizedMessage } from "../api/message-limits.js";
import { Errors, ZitadelError } from "../core/errors.js";
import type { NodeRequest, NodeResponse } from "../server/node-http.js";
import { withEncodedSlashesAsSeparators } from "./gateway-path.js";
import { decodeJsonBody } from "./json-body-decoding.js";
import { readBodyBytes, requestReadError } from "./read-request-body.js";
import { toJsonText } from "./response-json.js";
import { sendError, sendJsonText, toZitadelError } from "./rest-responses.js";
import type { RouteTable } from "./route-table.js";
import type { SpecRoute } from "./spec-routes.js";

/**
 * What the v1 and v2 REST gateways share around their RPC pipelines: grpc-gateway's routing with its
 * 404 and 405, the body read as protojson, the response's encoding, and failures answered in ZITADEL's
 * shape (the response limit runs in the pipeline, runGatewayRpc).
 */

/** Whether the response can carry nothing any more: a fault rule dropped the call, or the client left. */
export const isCutOff = (res: NodeResponse): boolean => (res instanceof http2.Http2ServerResponse ? res.stream.destroyed : res.destroyed);

/** A failed request answered as the gateway answers it, unless its answer has begun or was cut off. */
export const answerFailure = (res: NodeResponse, error: unknown): void => {
  if (!res.headersSent && !isCutOff(res)) sendError(res, requestReadError(error) ?? toZitadelError(error));
};

/** Serves one matched operation; its failures are answered by the dispatch. */
export type OperationCall<Op> = (req: NodeRequest, res: NodeResponse, operation: Op, params: Record<string, string>) => Promise<void>;

/**
 * grpc-gateway's routing of a cleaned request path to `call`: an unknown path is 404 code 5, a known
 * path with another method 405. It matches the unescaped path (`%2F` inside a segment separates
 * segments) and ignores the query (grpc-gateway skips names that are no request field). Never throws.
 */
export const routeDispatch =
  <Op extends SpecRoute<unknown>>(routes: RouteTable<Op>, call: OperationCall<Op>) =>
  (req: NodeRequest, res: NodeResponse, path: string): void => {
    try {
      const match = routes.match(req.method ?? "", withEncodedSlashesAsSeparators(path));
      if (match.kind === "notFound") return sendError(res, new ZitadelError(Errors.routeNotFound));
      if (match.kind === "methodNotAllowed") return sendError(res, new ZitadelError(Errors.methodNotAllowed), 405);
      call(req, res, match.operation, match.params).catch((error: unknown) => answerFailure(res, error));
    } catch (error) {
      answerFailure(res, error);
    }
  };

/**
 * A request body decoded as the gateway decodes it (protojson), before authentication, so refusals
 * here are 400 / code 3. Only for RPCs with `body: "*"` (`SpecRoute.hasBody`).
 */
export const readProtojsonBody = async (req: NodeRequest, res: NodeResponse, input: DescMessage) =>
  decodeJsonBody(input, await readBodyBytes(req, res));

/**
 * The RPC's response as grpc-gateway sends it: protojson. The gateway's gRPC client's 4 MiB limit is
 * the pipeline's (runGatewayRpc, which every REST call goes through), so the journal sees it.
 */
export const sendRpcResponse = (res: NodeResponse, response: SizedMessage): void =>
  sendJsonText(res, 200, toJsonText(response.schema, response.message as never));
