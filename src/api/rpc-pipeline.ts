import type { DescMethod, Message } from "@bufbuild/protobuf";
import { type CallContext, type CallCredentials, authenticate, authorize } from "../core/auth/authorize.js";
import { PERMISSIONS, type Permission } from "../core/auth/role-permissions.js";
import type { Instance } from "../core/instance.js";
import { observeRpc } from "../control/observe-rpc.js";
import { SizedMessage, assertMessageSize, assertRequestSize } from "./message-limits.js";
import { assertValidRequest } from "./request-validation.js";

/**
 * What ZITADEL's auth interceptor requires of a caller, from the method's auth option: a permission
 * in the org context, or `authenticated` (a valid token and an existing org context only).
 */
export type RequiredAccess = Permission | "authenticated";

/** One mocked RPC as the pipeline runs it, of the v1 Management service or a v2 service. */
export interface PipelineRpc {
  /**
   * Its name in the request journal and fault rules: the method name for v1 (`SetOrgMetadata`),
   * `<service>/<Rpc>` for v2 (v1 has a SetUserMetadata too).
   */
  readonly journalName: string;
  readonly method: Pick<DescMethod, "input" | "output">;
  readonly access: RequiredAccess;
  /** The operation: request message in, response message out. */
  readonly handle: (context: CallContext, request: never, instance: Instance) => Message;
}

const GRANTABLE: readonly string[] = [...PERMISSIONS, "authenticated"];

/**
 * An auth option's permission as the pipeline checks it; one the mock's role mapping cannot grant
 * fails start-up (`rpc` names the method in the message).
 */
export const requiredAccess = (rpc: string, permission: string): RequiredAccess => {
  if (!GRANTABLE.includes(permission)) {
    throw new Error(`${rpc} needs "${permission}", which core/auth/role-permissions.ts does not map yet`);
  }
  return permission as RequiredAccess;
};

/** Whether the response passes a gRPC client's receive limit on its way to the caller (the REST gateways). */
type ResponseLimit = "any-size" | "grpc-client-limit";

/**
 * ZITADEL's server pipeline for one call, the same for every transport and service: grpc-go's
 * message size limit (for v2, the REST gateway's gRPC hop; connect-go's own limit is the same 4 MiB
 * here), the auth interceptor, protoc-gen-validate, then the operation. The response comes with its
 * size bound, so the limit below and the journal compute it once.
 */
const pipeline = (instance: Instance, rpc: PipelineRpc, request: Message, credentials: CallCredentials, response: ResponseLimit): SizedMessage => {
  const { method } = rpc;
  // control plane hook: journal entry and fault rules (src/control/observe-rpc.ts)
  const sizedRequest = new SizedMessage(method.input, request);
  return observeRpc(rpc.journalName, sizedRequest, (beforeOperation) => {
    // grpc-go refuses a request message over 4 MiB before any interceptor runs.
    assertRequestSize(sizedRequest);
    const context = rpc.access === "authenticated" ? authenticate(instance, credentials) : authorize(instance, credentials, rpc.access);
    assertValidRequest(method.input, request);
    beforeOperation(context); // control plane hook: fault rules apply here, before any state change
    const sizedResponse = new SizedMessage(method.output, rpc.handle(context, request as never, instance));
    if (response === "grpc-client-limit") assertMessageSize(sizedResponse);
    return sizedResponse;
  });
};

/** One call as gRPC, gRPC-web and Connect serve it: the response goes out at any size (decision 038). */
export const runRpc = (instance: Instance, rpc: PipelineRpc, request: Message, credentials: CallCredentials): SizedMessage =>
  pipeline(instance, rpc, request, credentials, "any-size");

/**
 * One call as a REST gateway serves it: grpc-gateway calls ZITADEL's own gRPC server as a client
 * under grpc-go's 4 MiB limit, so a response over it fails the call with ResourceExhausted. Failing
 * here, the journal and fault rules see what the client gets. The operation has run by then, as in
 * ZITADEL (decision 038).
 */
export const runGatewayRpc = (instance: Instance, rpc: PipelineRpc, request: Message, credentials: CallCredentials): SizedMessage =>
  pipeline(instance, rpc, request, credentials, "grpc-client-limit");
