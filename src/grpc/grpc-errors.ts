import type { Code} from "@connectrpc/connect";
import { ConnectError } from "@connectrpc/connect";
import { setTrailerStatus } from "@connectrpc/connect/protocol-grpc";
import { ErrorDetailSchema } from "@zitadel/proto/zitadel/message_pb.js";
import { Errors, ZitadelError } from "../core/errors.js";
import { grpcGoTrailers } from "./grpc-message-encoding.js";

/**
 * ZITADEL's gRPC error rendering (gerrors.ZITADELToGRPCError): the status code of the error kind, the
 * message with its id, and a zitadel.v1.ErrorDetail in `grpc-status-details-bin`. Validation errors
 * have no id and so no detail.
 */
export const toConnectError = (error: unknown): ConnectError => {
  if (error instanceof ConnectError) return error;
  const zitadel = error instanceof ZitadelError ? error : new ZitadelError(Errors.internal);
  const details = zitadel.id !== undefined ? [{ desc: ErrorDetailSchema, value: { id: zitadel.id, message: zitadel.detailMessage } }] : [];
  return new ConnectError(zitadel.message, zitadel.code as number as Code, undefined, details);
};

/** The trailers of an error answer, as connect renders them with `grpc-message` encoded as grpc-go does. */
export const grpcGoErrorTrailers = (error: unknown): Record<string, string> =>
  grpcGoTrailers(Object.fromEntries(setTrailerStatus(new Headers(), toConnectError(error))));
