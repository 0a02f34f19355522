import { type DescMethod, type DescService, type Message, create, getOption } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import * as org from "@zitadel/proto/zitadel/org/v2beta/org_service_pb.js";
import { options as v2Options } from "@zitadel/proto/zitadel/protoc_gen_zitadel/v2/options_pb.js";
import * as user from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { type PipelineRpc, requiredAccess } from "../api/rpc-pipeline.js";
import type { CallContext } from "../core/auth/authorize.js";
import type { Instance } from "../core/instance.js";
import * as v2 from "../core/metadata/metadata-v2-operations.js";
import { fromPagination, toPagination, toV2Metadata } from "./v2-proto-mapping.js";

export const { OrganizationService } = org;
export const { UserService } = user;

type Handler<I, O> = (context: CallContext, request: I, instance: Instance) => O;
type ServiceHandlers<S extends DescService> = {
  [N in keyof S["method"]]?: S["method"][N] extends DescMethod ? Handler<never, unknown> : never;
};

/** zitadel.org.v2beta.OrganizationService: the three metadata RPCs (org.go). */
const organizationRpcs = {
  setOrganizationMetadata: (_context, { organizationId, metadata }: org.SetOrganizationMetadataRequest, instance: Instance) =>
    create(org.SetOrganizationMetadataResponseSchema, {
      setDate: timestampFromDate(v2.eventDate(v2.setOrganizationMetadata(instance, organizationId, metadata))),
    }),
  listOrganizationMetadata: (_context, request: org.ListOrganizationMetadataRequest, instance: Instance) => {
    const list = v2.listOrganizationMetadata(
      instance,
      request.organizationId,
      fromPagination(request.pagination, request.filter.map(({ query }) => query)),
      instance.viewTimestamp,
    );
    return create(org.ListOrganizationMetadataResponseSchema, { pagination: toPagination(list), metadata: list.rows.map(toV2Metadata) });
  },
  deleteOrganizationMetadata: (_context, { organizationId, keys }: org.DeleteOrganizationMetadataRequest, instance: Instance) =>
    create(org.DeleteOrganizationMetadataResponseSchema, {
      deletionDate: timestampFromDate(v2.eventDate(v2.deleteOrganizationMetadata(instance, organizationId, keys))),
    }),
} satisfies ServiceHandlers<typeof OrganizationService> & Record<string, Handler<never, Message>>;

/** zitadel.user.v2.UserService: the three metadata RPCs (metadata.go); the caller is the token's user. */
const userRpcs = {
  setUserMetadata: ({ user: caller }, { userId, metadata }: user.SetUserMetadataRequest, instance: Instance) =>
    create(user.SetUserMetadataResponseSchema, {
      setDate: timestampFromDate(v2.eventDate(v2.setUserMetadataV2(instance, caller, userId, metadata))),
    }),
  listUserMetadata: ({ user: caller }, request: user.ListUserMetadataRequest, instance: Instance) => {
    const query = fromPagination(request.pagination, request.filters.map(({ filter }) => filter));
    const list = v2.listUserMetadataV2(instance, caller, request.userId, query, instance.viewTimestamp);
    return create(user.ListUserMetadataResponseSchema, { pagination: toPagination(list), metadata: list.rows.map(toV2Metadata) });
  },
  deleteUserMetadata: ({ user: caller }, { userId, keys }: user.DeleteUserMetadataRequest, instance: Instance) =>
    create(user.DeleteUserMetadataResponseSchema, {
      deletionDate: timestampFromDate(v2.eventDate(v2.deleteUserMetadataV2(instance, caller, userId, keys))),
    }),
} satisfies ServiceHandlers<typeof UserService> & Record<string, Handler<never, Message>>;

/** A mocked v2 RPC: its service and what the shared pipeline (api/rpc-pipeline) runs. */
export interface V2Rpc extends PipelineRpc {
  readonly service: DescService;
  readonly method: DescMethod;
}

const rpcsOf = (service: DescService, handlers: Record<string, Handler<never, Message>>): V2Rpc[] =>
  Object.entries(handlers).map(([localName, handle]) => {
    const method = service.methods.find((m) => m.localName === localName)!;
    // From `zitadel.protoc_gen_zitadel.v2.options`: a permission, or `authenticated` (a valid token only).
    const { permission = "" } = getOption(method, v2Options).authOption ?? {};
    const journalName = `${service.typeName}/${method.name}`;
    return { service, method, handle, journalName, access: requiredAccess(journalName, permission) };
  });

/** Every mocked v2 RPC, by its procedure path `/<service>/<Rpc>`. */
export const V2_RPCS: ReadonlyMap<string, V2Rpc> = new Map(
  [...rpcsOf(OrganizationService, organizationRpcs), ...rpcsOf(UserService, userRpcs)].map((rpc) => [`/${rpc.journalName}`, rpc]),
);
