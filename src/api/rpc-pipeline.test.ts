import { create, toBinary } from "@bufbuild/protobuf";
import * as pb from "@zitadel/proto/zitadel/management_pb.js";
import * as orgV2beta from "@zitadel/proto/zitadel/org/v2beta/org_service_pb.js";
import * as userV2 from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { describe, expect, it } from "vitest";
import type { CallCredentials } from "../core/auth/authorize.js";
import { StatusCode, ZitadelError } from "../core/errors.js";
import type { InstanceSeed } from "../core/instance-seed.js";
import { Instance } from "../core/instance.js";
import { V2_RPCS } from "../v2/v2-rpcs.js";
import { invokeRpc, managementRpc } from "./management-api.js";
import { MAX_MESSAGE_BYTES } from "./message-limits.js";
import { requiredAccess, runGatewayRpc, runRpc } from "./rpc-pipeline.js";

/** The one pipeline both APIs run: v1 through invokeRpc, the v2 services with their RPC table. */

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

const seed: InstanceSeed = {
  orgs: [
    { id: "acme", name: "ACME", primaryDomain: "acme.localhost" },
    { id: "globex", name: "Globex", primaryDomain: "globex.localhost" },
  ],
  users: [
    { id: "owner", orgId: "acme", userName: "owner", tokens: ["owner"], memberships: [{ orgId: "acme", roles: ["ORG_OWNER"] }] },
    { id: "viewer", orgId: "acme", userName: "viewer", tokens: ["viewer"], memberships: [{ orgId: "acme", roles: ["ORG_OWNER_VIEWER"] }] },
    { id: "nobody", orgId: "acme", userName: "nobody", tokens: ["nobody"], memberships: [] },
  ],
  metadata: [{ orgId: "acme", key: "plan", value: bytes("gold") }],
  userMetadata: [{ userId: "viewer", key: "desk", value: bytes("7") }],
};

const as = (token: string): CallCredentials => ({ authorization: `Bearer ${token}` });
const NO_TOKEN: CallCredentials = {};

const v2Rpc = (path: string) => V2_RPCS.get(path)!;
const SET_ORG_V2 = v2Rpc("/zitadel.org.v2beta.OrganizationService/SetOrganizationMetadata");
const LIST_USER_V2 = v2Rpc("/zitadel.user.v2.UserService/ListUserMetadata");
const SET_USER_V2 = v2Rpc("/zitadel.user.v2.UserService/SetUserMetadata");

const failureOf = (call: () => unknown): { code: StatusCode; id: string | undefined } => {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ZitadelError);
    return { code: (error as ZitadelError).code, id: (error as ZitadelError).id };
  }
  throw new Error("the call did not fail");
};

describe("runRpc: one pipeline for v1 and v2", () => {
  it("answers v1 calls through invokeRpc's call shape and v2 calls through their RPC table, on one store", () => {
    const instance = new Instance(seed);
    expect(invokeRpc(instance, "getOrgMetadata", create(pb.GetOrgMetadataRequestSchema, { key: "plan" }), as("viewer")).metadata?.value).toEqual(
      bytes("gold"),
    );
    const request = create(orgV2beta.SetOrganizationMetadataRequestSchema, {
      organizationId: "acme",
      metadata: [{ key: "tier", value: bytes("2") }],
    });
    runRpc(instance, SET_ORG_V2, request, as("owner"));
    expect(invokeRpc(instance, "getOrgMetadata", create(pb.GetOrgMetadataRequestSchema, { key: "tier" }), as("viewer")).metadata?.value).toEqual(
      bytes("2"),
    );
  });

  it("refuses a request over 4 MiB before authorization, in either API", () => {
    const instance = new Instance(seed);
    const big = new Uint8Array(MAX_MESSAGE_BYTES);
    const v1 = create(pb.SetOrgMetadataRequestSchema, { key: "big", value: big });
    const v2 = create(orgV2beta.SetOrganizationMetadataRequestSchema, { organizationId: "acme", metadata: [{ key: "big", value: big }] });
    expect(failureOf(() => invokeRpc(instance, "setOrgMetadata", v1, NO_TOKEN)).code).toBe(StatusCode.ResourceExhausted);
    expect(failureOf(() => runRpc(instance, SET_ORG_V2, v2, NO_TOKEN)).code).toBe(StatusCode.ResourceExhausted);
  });

  it("checks the method's permission (v1 and v2), or only the token where the v2 option says `authenticated`", () => {
    const instance = new Instance(seed);
    const setOrg = create(pb.SetOrgMetadataRequestSchema, { key: "tier", value: bytes("3") });
    expect(failureOf(() => invokeRpc(instance, "setOrgMetadata", setOrg, as("viewer"))).id).toBe("AUTH-5mWD2");
    const setOrgV2 = create(orgV2beta.SetOrganizationMetadataRequestSchema, { organizationId: "acme", metadata: [{ key: "tier", value: bytes("3") }] });
    expect(failureOf(() => runRpc(instance, SET_ORG_V2, setOrgV2, as("viewer"))).id).toBe("AUTH-5mWD2");
    expect(failureOf(() => runRpc(instance, LIST_USER_V2, create(userV2.ListUserMetadataRequestSchema, { userId: "viewer" }), as("nobody"))).id).toBe(
      "AUTHZ-cdgFk",
    );
    // SetUserMetadata is `authenticated`: an org context where the caller has no membership passes the
    // interceptor (a permission would not), and the command checks user.write in the target user's org.
    expect(SET_USER_V2.access).toBe("authenticated");
    const set = create(userV2.SetUserMetadataRequestSchema, { userId: "viewer", metadata: [{ key: "k", value: bytes("v") }] });
    expect(failureOf(() => runRpc(instance, SET_USER_V2, set, NO_TOKEN)).code).toBe(StatusCode.Unauthenticated);
    const inGlobex = { ...as("owner"), orgId: "globex" };
    expect(failureOf(() => invokeRpc(instance, "getMyOrg", create(pb.GetMyOrgRequestSchema), inGlobex)).id).toBe("AUTHZ-cdgFk");
    expect(runRpc(instance, SET_USER_V2, set, inGlobex).schema).toBe(userV2.SetUserMetadataResponseSchema);
  });

  it("authorizes before protoc-gen-validate", () => {
    const instance = new Instance(seed);
    const emptyKey = create(pb.GetOrgMetadataRequestSchema, { key: "" });
    expect(failureOf(() => invokeRpc(instance, "getOrgMetadata", emptyKey, NO_TOKEN)).code).toBe(StatusCode.Unauthenticated);
    expect(failureOf(() => invokeRpc(instance, "getOrgMetadata", emptyKey, as("viewer"))).code).toBe(StatusCode.InvalidArgument);
  });

  it("fails a response over 4 MiB only where a gateway receives it as a gRPC client", () => {
    const instance = new Instance(seed);
    const value = new Uint8Array(400_000);
    // Two requests under the limit make one list response over it.
    for (const half of [0, 1]) {
      const set = create(pb.BulkSetOrgMetadataRequestSchema, { metadata: Array.from({ length: 6 }, (_, i) => ({ key: `big.${half}.${i}`, value })) });
      invokeRpc(instance, "bulkSetOrgMetadata", set, as("owner"));
    }
    const list = create(pb.ListOrgMetadataRequestSchema);
    expect(runRpc(instance, managementRpc("listOrgMetadata"), list, as("viewer")).size).toBeGreaterThan(MAX_MESSAGE_BYTES);
    expect(failureOf(() => runGatewayRpc(instance, managementRpc("listOrgMetadata"), list, as("viewer"))).code).toBe(StatusCode.ResourceExhausted);
    const get = create(pb.GetOrgMetadataRequestSchema, { key: "big.0.0" });
    expect(runGatewayRpc(instance, managementRpc("getOrgMetadata"), get, as("viewer")).bound).toBeLessThan(MAX_MESSAGE_BYTES);
  });

  it("hands back the response with its size bound, which the REST gateway's limit check reads", () => {
    const instance = new Instance(seed);
    const response = runGatewayRpc(instance, managementRpc("listOrgMetadata"), create(pb.ListOrgMetadataRequestSchema), as("viewer"));
    expect(response.schema).toBe(pb.ListOrgMetadataResponseSchema);
    expect(response.bound).toBeGreaterThanOrEqual(toBinary(pb.ListOrgMetadataResponseSchema, response.message as pb.ListOrgMetadataResponse).length);
  });
});

describe("requiredAccess", () => {
  it("takes the permissions the role mapping grants and `authenticated`, and refuses any other at start-up", () => {
    expect(requiredAccess("ManagementService.getOrgMetadata", "org.read")).toBe("org.read");
    expect(requiredAccess("zitadel.user.v2.UserService/SetUserMetadata", "authenticated")).toBe("authenticated");
    expect(() => requiredAccess("ManagementService.addProject", "project.create")).toThrow(
      'ManagementService.addProject needs "project.create", which core/auth/role-permissions.ts does not map yet',
    );
  });
});
