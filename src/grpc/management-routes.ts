import { type ConnectRouter, createContextKey, createContextValues, type HandlerContext, type Interceptor } from "@connectrpc/connect";
import { callOf, runSyncCall, type ControlledCall } from "../control/call-context.js";

import type { CallCredentials } from "../core/auth/authorize.js";
import { ErrorTexts, ZitadelError } from "../core/errors.js";
import type { Instance } from "../core/instance.js";
import { ManagementService, invokeRpc, isMockedRpc } from "../api/management-api.js";
import { MessageTooLargeError } from "../api/message-limits.js";
import { toConnectError } from "./grpc-errors.js";
import { noCacheHeaders } from "./grpc-go-headers.js";

/** The call credentials of gRPC metadata: the token and the org picked by `x-zitadel-orgid`. */
export const credentialsOf = (header: (name: string) => string | null | undefined): CallCredentials => ({
  authorization: header("authorization") ?? undefined,
  orgId: header("x-zitadel-orgid") ?? undefined,
});

/** The controlled call of a connect-node request (decision 040). */
const callKey = createContextKey<ControlledCall | undefined>(undefined, { description: "zitadel-mock controlled call" });

/** connect-node's `contextValues`: the request's controlled call (callOf) goes into the handler's context. */
export const callContextValues = (req: object) => createContextValues().set(callKey, callOf(req));

/** Runs a handler's pipeline with the request's controlled call current (see callContextValues). */
export const withCallOf = <T>(context: HandlerContext, run: () => T): T => runSyncCall(context.values.get(callKey), run);

/** Every error leaves as ZITADEL renders it over gRPC. */
export const zitadelErrorInterceptor: Interceptor = (next) => async (request) => {
  try {
    return await next(request);
  } catch (error) {
    throw toConnectError(error);
  }
};

type AnyUnaryImpl = (request: never, context: HandlerContext) => unknown;

/**
 * Runs an RPC as ZITADEL's no-cache interceptor wraps it: its headers go out before the answer, an
 * error too, unless grpc-go refused the message before the interceptors ran (over 4 MiB; decision
 * 045). On native gRPC only: gRPC-web is left as it was.
 */
const pastNoCacheInterceptor = <T>(context: HandlerContext, run: () => T): T => {
  if (context.protocolName !== "grpc") return run();
  const headers = noCacheHeaders();
  for (const [name, value] of Object.entries(headers)) context.responseHeader.set(name, value);
  try {
    return run();
  } catch (error) {
    if (error instanceof MessageTooLargeError) for (const name of Object.keys(headers)) context.responseHeader.delete(name);
    throw error;
  }
};

/**
 * `zitadel.management.v1.ManagementService` from ZITADEL's own descriptors: the mocked RPCs run the
 * shared pipeline; every other RPC answers UNIMPLEMENTED, saying the mock does not cover it.
 */
export const registerManagementService = (router: ConnectRouter, instance: Instance): void => {
  const implementation: Record<string, AnyUnaryImpl> = {};
  for (const method of ManagementService.methods) {
    const name = method.localName;
    implementation[name] = isMockedRpc(name)
      ? (request, context) =>
          pastNoCacheInterceptor(context, () =>
            withCallOf(context, () => invokeRpc(instance, name, request, credentialsOf((header) => context.requestHeader.get(header)))),
          )
      : (_request, context) =>
          pastNoCacheInterceptor(context, () => {
            throw new ZitadelError(ErrorTexts.notMocked(`${ManagementService.typeName}/${method.name}`));
          });
  }
  router.service(ManagementService, implementation, { interceptors: [zitadelErrorInterceptor] });
};

