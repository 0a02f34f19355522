import { create, getOption, type MessageShape } from "@bufbuild/protobuf";
import * as pb from "@zitadel/proto/zitadel/management_pb.js";
import { auth_option } from "@zitadel/proto/zitadel/options_pb.js";
import type { CallContext, CallCredentials } from "../core/auth/authorize.js";
import type { Instance } from "../core/instance.js";
import * as ops from "../core/metadata/org-metadata-operations.js";
import { type PipelineRpc, requiredAccess, runRpc } from "./rpc-pipeline.js";
import * as userOps from "../core/metadata/user-metadata-operations.js";
import { fromProtoListRequest, toProtoDetails, toProtoListDetails, toProtoMetadata, toProtoOrg } from "./proto-mapping.js";

export const { ManagementService } = pb;
type Methods = typeof ManagementService.method;
export type RpcName = keyof Methods;
export type RpcRequest<N extends RpcName> = MessageShape<Methods[N]["input"]>;
export type RpcResponse<N extends RpcName> = MessageShape<Methods[N]["output"]>;

type RpcHandler<N extends RpcName> = (context: CallContext, request: RpcRequest<N>, instance: Instance) => RpcResponse<N>;
type MockedRpcs = { [N in RpcName]?: RpcHandler<N> };

/** The RPCs the mock implements: request message in, response message out, over the core operations. */
const mockedRpcs = {
  setOrgMetadata: ({ org }, { key, value }) =>
    create(pb.SetOrgMetadataResponseSchema, { details: toProtoDetails(ops.setOrgMetadata(org, { key, value })) }),
  bulkSetOrgMetadata: ({ org }, { metadata }) =>
    create(pb.BulkSetOrgMetadataResponseSchema, { details: toProtoDetails(ops.bulkSetOrgMetadata(org, metadata)) }),
  listOrgMetadata: ({ org }, request, instance) => {
    const list = ops.listOrgMetadata(org, fromProtoListRequest(request), instance.viewTimestamp);
    return create(pb.ListOrgMetadataResponseSchema, {
      details: toProtoListDetails(list),
      result: list.rows.map((row) => toProtoMetadata(ops.toMetadata(org, row))),
    });
  },
  getOrgMetadata: ({ org }, { key }) =>
    create(pb.GetOrgMetadataResponseSchema, { metadata: toProtoMetadata(ops.getOrgMetadata(org, key)) }),
  removeOrgMetadata: ({ org }, { key }) =>
    create(pb.RemoveOrgMetadataResponseSchema, { details: toProtoDetails(ops.removeOrgMetadata(org, key)) }),
  bulkRemoveOrgMetadata: ({ org }, { keys }) =>
    create(pb.BulkRemoveOrgMetadataResponseSchema, { details: toProtoDetails(ops.bulkRemoveOrgMetadata(org, keys)) }),
  getMyOrg: ({ org }) => create(pb.GetMyOrgResponseSchema, { org: toProtoOrg(org) }),
  // User metadata (v1): the user must belong to the context org (userOps.userInOrg).
  setUserMetadata: ({ org }, { id, key, value }, instance) =>
    create(pb.SetUserMetadataResponseSchema, {
      details: toProtoDetails(userOps.setUserMetadata(userOps.userInOrg(instance, org, id), { key, value })),
    }),
  bulkSetUserMetadata: ({ org }, { id, metadata }, instance) =>
    create(pb.BulkSetUserMetadataResponseSchema, {
      details: toProtoDetails(userOps.bulkSetUserMetadata(userOps.userInOrg(instance, org, id), metadata)),
    }),
  listUserMetadata: ({ org }, request, instance) => {
    const user = userOps.userInOrg(instance, org, request.id);
    const list = userOps.listUserMetadata(user, fromProtoListRequest(request), instance.viewTimestamp);
    return create(pb.ListUserMetadataResponseSchema, {
      details: toProtoListDetails(list),
      result: list.rows.map((row) => toProtoMetadata(ops.toMetadata({ id: org.id }, row))),
    });
  },
  getUserMetadata: ({ org }, { id, key }, instance) =>
    create(pb.GetUserMetadataResponseSchema, {
      metadata: toProtoMetadata(userOps.getUserMetadata(userOps.userInOrg(instance, org, id), key)),
    }),
  removeUserMetadata: ({ org }, { id, key }, instance) =>
    create(pb.RemoveUserMetadataResponseSchema, {
      details: toProtoDetails(userOps.removeUserMetadata(userOps.userInOrg(instance, org, id), key)),
    }),
  bulkRemoveUserMetadata: ({ org }, { id, keys }, instance) =>
    create(pb.BulkRemoveUserMetadataResponseSchema, {
      details: toProtoDetails(userOps.bulkRemoveUserMetadata(userOps.userInOrg(instance, org, id), keys)),
    }),
} satisfies MockedRpcs;

export type MockedRpcName = keyof typeof mockedRpcs;

export const isMockedRpc = (name: string): name is MockedRpcName => Object.hasOwn(mockedRpcs, name);

/** Each mocked RPC as the pipeline runs it, its permission read from the descriptors once (at start-up). */
const PIPELINE_RPCS = new Map(
  (Object.keys(mockedRpcs) as MockedRpcName[]).map((name): [MockedRpcName, PipelineRpc] => {
    const method = ManagementService.method[name];
    const { permission } = getOption(method, auth_option);
    const handle = mockedRpcs[name] as PipelineRpc["handle"];
    return [name, { journalName: method.name, method, access: requiredAccess(`ManagementService.${name}`, permission), handle }];
  }),
);

/** A mocked Management API RPC as the pipeline (api/rpc-pipeline) runs it: `runGatewayRpc(instance, managementRpc(name), ...)`. */
export const managementRpc = (name: MockedRpcName): PipelineRpc => PIPELINE_RPCS.get(name)!;

/**
 * ZITADEL's server pipeline for one Management API call, the same for every transport: grpc-go's
 * message size limit, authorization, protoc-gen-validate, then the operation (api/rpc-pipeline).
 */
export const invokeRpc = <N extends MockedRpcName>(
  instance: Instance,
  name: N,
  request: RpcRequest<N>,
  credentials: CallCredentials,
): RpcResponse<N> => runRpc(instance, managementRpc(name), request, credentials).message as RpcResponse<N>;
