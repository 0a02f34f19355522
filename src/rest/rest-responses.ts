import type { NodeResponse } from "../server/node-http.js";
import { StatusCode, ZitadelError, Errors } from "../core/errors.js";
import { setErrorHeaders } from "./zitadel-response-headers.js";

/** grpc-gateway's runtime.HTTPStatusFromCode, for the codes ZITADEL produces. */
const HTTP_STATUS: Record<number, number> = {
  [StatusCode.Unknown]: 500,
  [StatusCode.InvalidArgument]: 400,
  [StatusCode.NotFound]: 404,
  [StatusCode.AlreadyExists]: 409,
  [StatusCode.PermissionDenied]: 403,
  [StatusCode.ResourceExhausted]: 429,
  [StatusCode.FailedPrecondition]: 400,
  [StatusCode.Unimplemented]: 501,
  [StatusCode.Internal]: 500,
  [StatusCode.Unavailable]: 503,
  [StatusCode.Unauthenticated]: 401,
};

export const ERROR_DETAIL_TYPE = "type.googleapis.com/zitadel.v1.ErrorDetail";

/** grpc-gateway's rendering of a google.rpc.Status: no `details` key when there are none, no empty `id`. */
export const errorBody = (error: ZitadelError) => ({
  code: error.code,
  message: error.message,
  ...(error.id === undefined
    ? {}
    : { details: [{ "@type": ERROR_DETAIL_TYPE, ...(error.id ? { id: error.id } : {}), message: error.detailMessage }] }),
});

/** grpc-gateway sends `application/json`, without a charset (express's `res.json` would add one). */
export const sendJson = (res: NodeResponse, status: number, body: unknown): void => sendJsonText(res, status, JSON.stringify(body));

/** `sendJson` of a body already serialized. */
export const sendJsonText = (res: NodeResponse, status: number, json: string): void => {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json");
  res.end(json);
};

export const sendError = (res: NodeResponse, error: ZitadelError, httpStatus = HTTP_STATUS[error.code] ?? 500): void => {
  setErrorHeaders(res, httpStatus, error.message);
  sendJson(res, httpStatus, errorBody(error));
};

/** Anything that is not a ZitadelError is a bug of the mock: ZITADEL would answer Internal. */
export const toZitadelError = (error: unknown): ZitadelError =>
  error instanceof ZitadelError ? error : new ZitadelError(Errors.internal);
