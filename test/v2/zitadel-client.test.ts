/**
 * The v2 services with ZITADEL's own TypeScript client, @zitadel/client: its v2 UserService and the
 * Organization service v2beta (through its createClientFor), over the client's node gRPC transport,
 * its gRPC-web transport, and a Connect transport — the three ways an app reaches ZITADEL v2.
 */
import { type Transport, ConnectError, Code } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { NewAuthorizationBearerInterceptor, createClientFor, timestampDate } from "@zitadel/client";
import { createServerTransport } from "@zitadel/client/node";
import { createUserServiceClient } from "@zitadel/client/v2";
import { createClientTransport } from "@zitadel/client/web";
import { ErrorDetailSchema } from "@zitadel/proto/zitadel/message_pb.js";
import { OrganizationService } from "@zitadel/proto/zitadel/org/v2beta/org_service_pb.js";
import { TextFilterMethod } from "@zitadel/proto/zitadel/filter/v2/filter_pb.js";
import { describe, expect, it } from "vitest";
import { ORG, TOKEN, USER, mockPerFile } from "./support.js";

const { url, time, mock } = await mockPerFile();
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array) => new TextDecoder().decode(value);

/** A client transport, and the transport the mock's journal and fault rules name it by. */
const TRANSPORTS: ReadonlyArray<[string, (token: string) => Transport, "grpc" | "grpc-web" | "connect"]> = [
  ["gRPC (createServerTransport)", (token) => createServerTransport(token, { baseUrl: url }), "grpc"],
  ["gRPC-web (createClientTransport)", (token) => createClientTransport(token, { baseUrl: url }), "grpc-web"],
  [
    "Connect JSON (createConnectTransport)",
    (token) => createConnectTransport({ baseUrl: url, httpVersion: "1.1", interceptors: [NewAuthorizationBearerInterceptor(token)] }),
    "connect",
  ],
  [
    "Connect binary over HTTP/2",
    (token) =>
      createConnectTransport({ baseUrl: url, httpVersion: "2", useBinaryFormat: true, interceptors: [NewAuthorizationBearerInterceptor(token)] }),
    "connect",
  ],
];

/** The call's ConnectError: code, message and the zitadel.v1.ErrorDetail ids it carries. */
const failure = async (call: Promise<unknown>) => {
  try {
    await call;
  } catch (error) {
    const connectError = ConnectError.from(error);
    return {
      code: connectError.code,
      message: connectError.rawMessage,
      ids: connectError.findDetails(ErrorDetailSchema).map((detail) => detail.id),
    };
  }
  throw new Error("expected the call to fail");
};

describe.each(TRANSPORTS)("@zitadel/client over %s", (_name, transport, wire) => {
  it("UserService: setUserMetadata, listUserMetadata, deleteUserMetadata on the token's own user", async () => {
    const users = createUserServiceClient(transport(TOKEN.acmeOwner));
    time.set("2025-04-01T00:00:00.000Z");
    const set = await users.setUserMetadata({ userId: USER.acmeOwner, metadata: [{ key: "client.v2", value: bytes("yes") }] });
    expect(timestampDate(set.setDate!)).toEqual(new Date("2025-04-01T00:00:00.000Z"));

    const list = await users.listUserMetadata({
      userId: USER.acmeOwner,
      pagination: { limit: 10 },
      filters: [{ filter: { case: "keyFilter", value: { key: "client.", method: TextFilterMethod.STARTS_WITH } } }],
    });
    expect(list.pagination).toMatchObject({ totalResult: 1n, appliedLimit: 10n });
    expect(list.metadata.map((m) => [m.key, text(m.value)])).toEqual([["client.v2", "yes"]]);

    await users.deleteUserMetadata({ userId: USER.acmeOwner, keys: ["client.v2"] });
    const after = await users.listUserMetadata({ userId: USER.acmeOwner });
    expect(after.metadata.map((m) => m.key)).toEqual(["onboarding.completed", "locale"]);
  });

  it("OrganizationService v2beta: set, list and delete an org's metadata", async () => {
    const orgs = createClientFor(OrganizationService)(transport(TOKEN.acmeOwner));
    await orgs.setOrganizationMetadata({ organizationId: ORG.acme, metadata: [{ key: "client.org", value: bytes("1") }] });
    const list = await orgs.listOrganizationMetadata({ organizationId: ORG.acme });
    expect(list.metadata.map((m) => m.key)).toContain("client.org");
    const deleted = await orgs.deleteOrganizationMetadata({ organizationId: ORG.acme, keys: ["client.org"] });
    expect(deleted.deletionDate).toBeDefined();
  });

  it("gets ZITADEL's errors: code, message with id, and the ErrorDetail", async () => {
    const users = createUserServiceClient(transport(TOKEN.acmeOwner));
    expect(await failure(users.setUserMetadata({ userId: "nobody", metadata: [{ key: "k", value: bytes("v") }] }))).toEqual({
      code: Code.FailedPrecondition,
      message: "User could not be found (COMMAND-uXHNj)",
      ids: ["COMMAND-uXHNj"],
    });
    expect(await failure(users.setUserMetadata({ userId: USER.globexOwner, metadata: [{ key: "k", value: bytes("v") }] }))).toEqual({
      code: Code.NotFound,
      message: "membership not found (AUTHZ-cdgFk)",
      ids: ["AUTHZ-cdgFk"],
    });
    expect(await failure(users.setUserMetadata({ userId: "", metadata: [] }))).toEqual({
      code: Code.InvalidArgument,
      message: "invalid SetUserMetadataRequest.UserId: value length must be between 1 and 200 runes, inclusive",
      ids: [],
    });
    expect(await failure(createUserServiceClient(transport("no-such-token")).listUserMetadata({ userId: USER.acmeOwner }))).toEqual({
      code: Code.Unauthenticated,
      message: "Errors.Token.Invalid (AUTH-7fs1e)",
      ids: ["AUTH-7fs1e"],
    });
  });

  it("is journalled with its rpc and transport, and matched by fault rules (the call goes with connect-node's context)", async () => {
    const orgs = createClientFor(OrganizationService)(transport(TOKEN.acmeOwner));
    const set = "zitadel.org.v2beta.OrganizationService/SetOrganizationMetadata";
    mock.control.clearRequests();
    await orgs.setOrganizationMetadata({ organizationId: ORG.acme, metadata: [{ key: "journalled", value: bytes("1") }] });
    await expect.poll(() => mock.control.requests()).toMatchObject([{ rpc: set, transport: wire, grpcCode: 0, errorId: null }]);

    mock.control.addFault({ match: { rpc: set, transport: wire }, error: { id: "AUTHZ-cdgFk" } });
    expect(await failure(orgs.setOrganizationMetadata({ organizationId: ORG.acme, metadata: [{ key: "faulted", value: bytes("1") }] }))).toEqual({
      code: Code.NotFound,
      message: "membership not found (AUTHZ-cdgFk)",
      ids: ["AUTHZ-cdgFk"],
    });
    const keys = (await orgs.listOrganizationMetadata({ organizationId: ORG.acme })).metadata.map((m) => m.key);
    expect(keys).toContain("journalled");
    expect(keys).not.toContain("faulted");
  });

  it("answers UNIMPLEMENTED for a v2 RPC the mock does not cover", async () => {
    const users = createUserServiceClient(transport(TOKEN.acmeOwner));
    expect((await failure(users.getUserByID({ userId: USER.acmeOwner }))).code).toBe(Code.Unimplemented);
  });
});
