import type { ErrorObject } from "ajv";
import { ErrorTexts, ZitadelError } from "../core/errors.js";

/**
 * Length bounds in the spec mirror protoc-gen-validate rules; ZITADEL reports those after
 * authorization, in PGV's words, so a request that breaks only them goes on to the RPC pipeline.
 */
const PGV_RULE_KEYWORDS = new Set(["minLength", "maxLength", "minItems", "maxItems"]);

/**
 * The structural failures of a request against the spec: what protojson would refuse to decode and
 * json-body-decoding.ts did not already refuse (it catches most, in protojson's words). Undefined
 * when only PGV rules failed.
 */
export const undecodableRequest = (validationErrors: readonly ErrorObject[], operationId: string): ZitadelError | undefined => {
  const errors = validationErrors.filter((e) => !PGV_RULE_KEYWORDS.has(e.keyword));
  const first = errors.find((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf") ?? errors[0];
  if (!first) return undefined;
  const where = first.instancePath.replace(/^\/requestBody/, "") || "/";
  const rpc = operationId.replace(/^ManagementService_/, "");
  return new ZitadelError(ErrorTexts.invalidRequest(`proto: invalid ${rpc}Request at ${where}: ${first.message ?? first.keyword}`));
};
