/// <reference types="node" preserve="true" />
// The declarations use Node's types: kept in the emitted .d.ts so that a project whose TypeScript
// loads no @types by default (6.0 and later: `types` defaults to []) still finds them.
/**
 * The public entry of the contract kit (the package export `zitadel-mock/contract`): what a team needs
 * to write its own contract cases, run with `zitadel-mock contract --cases <glob>` against the mock or
 * a real ZITADEL, over REST or gRPC. See docs/examples/team.contract.test.ts.
 */
export { useContract, need, onlyOver, type Contract } from "./contract.js";
export type { CallOptions, ContractClient } from "./client.js";
export { Code, ZitadelError, expectOk, expectError, expectRecentTimestamp, validationError, type ExpectedError } from "./expectations.js";
export { KeySpace } from "./keys.js";
export { b64, binary, compareUint64, millis, total } from "./values.js";
export { exampleRequests, unknownOrgId, ALL_OPERATIONS } from "./examples.js";
export type { Target } from "./target.js";
export { V2Client, v2ProtocolsFor, type V2CallOptions, type V2Protocol, type V2RpcName } from "./v2-client.js";
export type {
  Metadata,
  MetadataQuery,
  OperationName,
  OperationRequests,
  OperationResponses,
  OpResult,
  TextQueryMethod,
  TransportName,
} from "./transport.js";
