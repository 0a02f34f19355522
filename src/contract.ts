// `zitadel-mock/contract`: what a contract case needs (the suite's own cases in contract-tests/cases
// are written with it), and the names of the variables that pick the target.
export { useContract, need, onlyOver, type Contract } from "../contract-tests/kit/contract.js";
export {
  Code,
  ZitadelError,
  validationError,
  UndecodableRequest,
  MessageTooLarge,
  expectOk,
  expectError,
  expectGatewayError,
  type ExpectedError,
} from "../contract-tests/kit/expectations.js";
export { b64, binary, compareUint64, millis, total } from "../contract-tests/kit/values.js";
export { CONTRACT_ENV, ContractConfigError, resolveTargetConfig, resolveTransport, type TargetConfig } from "../contract-tests/kit/env.js";
export type { Target } from "../contract-tests/kit/target.js";
export type { TransportName, OperationName, OpResult, OpSuccess, OpFailure, Metadata, ObjectDetails } from "../contract-tests/kit/transport.js";
