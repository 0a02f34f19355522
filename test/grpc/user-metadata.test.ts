/**
 * User metadata over gRPC with ZITADEL's Node SDK (`@zitadel/node`) and over gRPC-web with
 * connect-web, as an app that keeps per-user settings would call it: what only these wires or only the
 * mock show (the SDK's Long sequences and Date timestamps, the user aggregate's sequence steps, the
 * IGNORE_CASE enum, x-zitadel-orgid as gRPC metadata, gRPC-web's ErrorDetail). The behaviour every
 * transport shares is asserted once, in contract-tests/cases/user-metadata.contract.test.ts (over
 * REST and gRPC).
 */
import { Code } from "@connectrpc/connect";
import { TextQueryMethod } from "@zitadel/node/dist/api/generated/zitadel/object.js";
import { type CallOptions, Status } from "nice-grpc";
import { describe, expect, it } from "vitest";
import {
  ORG,
  TOKEN,
  USER,
  bearer,
  bytes,
  expectGrpcError,
  expectGrpcWebError,
  grpcFailure,
  grpcWebClient,
  grpcWebFailure,
  inOrg,
  mockPerFile,
  rest,
  zitadelNodeClient,
} from "./support.js";

const { mock, url, time } = await mockPerFile();
/** alice, ORG_OWNER of ACME: user.read and user.write on the users of ACME. */
const alice = zitadelNodeClient(url, TOKEN.acmeOwner);
const web = grpcWebClient(url);

const decode = (value: Uint8Array | undefined): string => Buffer.from(value ?? []).toString("utf8");
const keysOf = (list: { result: Array<{ key: string }> }): string[] => list.result.map((item) => item.key);
const userSequence = (userId: string): number => mock.instance.user(userId)!.aggregate.sequence;

describe("user metadata with @zitadel/node (gRPC)", () => {
  it("sets, reads, lists and removes a key on the caller's own user", async () => {
    const at = time.set("2025-02-03T04:05:06.789Z");
    const before = userSequence(USER.acmeOwner);

    const set = await alice.setUserMetadata({ id: USER.acmeOwner, key: "theme", value: bytes("dark") });
    expect(set.id).toBe("");
    expect(set.details!.sequence.toNumber()).toBe(before + 1);
    expect({ ...set.details, sequence: undefined }).toEqual({ sequence: undefined, creationDate: at, changeDate: undefined, resourceOwner: ORG.acme });

    const { metadata } = await alice.getUserMetadata({ id: USER.acmeOwner, key: "theme" });
    expect({ key: metadata!.key, value: decode(metadata!.value), resourceOwner: metadata!.details!.resourceOwner }).toEqual({
      key: "theme",
      value: "dark",
      resourceOwner: ORG.acme,
    });

    const list = await alice.listUserMetadata({ id: USER.acmeOwner, queries: [] });
    expect(keysOf(list)).toEqual(["locale", "onboarding.completed", "theme"]);
    expect(list.details!.totalResult.toNumber()).toBe(3);

    const removed = await alice.removeUserMetadata({ id: USER.acmeOwner, key: "theme" });
    expect(removed.details!.sequence.toNumber()).toBe(before + 2);
  });

  it("filters a list with a key query", async () => {
    await alice.bulkSetUserMetadata({
      id: USER.acmeOwner,
      metadata: [
        { key: "ui.theme", value: bytes("dark") },
        { key: "ui.density", value: bytes("compact") },
      ],
    });
    const list = await alice.listUserMetadata({
      id: USER.acmeOwner,
      queries: [{ keyQuery: { key: "UI.", method: TextQueryMethod.TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE } }],
    });
    expect(keysOf(list)).toEqual(["ui.density", "ui.theme"]);
  });

  it("reaches that user with x-zitadel-orgid and a token allowed in its org", async () => {
    const iamOwner = zitadelNodeClient(url, TOKEN.iamOwner);
    const { metadata } = await iamOwner.getUserMetadata({ id: USER.globexOwner, key: "employee.number" }, inOrg(ORG.globex));
    expect(decode(metadata!.value)).toBe("G-0042");
  });

  it("answers bad input with the PGV text of the user request, INVALID_ARGUMENT without ErrorDetail", async () => {
    const invalid = await grpcFailure((o) => alice.setUserMetadata({ id: "", key: "k", value: bytes("v") }, o));
    expectGrpcError(invalid, {
      code: Status.INVALID_ARGUMENT,
      message: "invalid SetUserMetadataRequest.Id: value length must be between 1 and 200 runes, inclusive",
    });
  });
});

describe("an empty user id over gRPC: INVALID_ARGUMENT with protoc-gen-validate's text, after authentication", () => {
  const pgv = (rpc: string) => `invalid ${rpc}Request.Id: value length must be between 1 and 200 runes, inclusive`;

  it.each<[string, (client: typeof alice, o: CallOptions) => Promise<unknown>]>([
    ["SetUserMetadata", (c, o) => c.setUserMetadata({ id: "", key: "k", value: bytes("v") }, o)],
    // PGV runs before the command, so the empty list is not reached (META-9mm2d).
    ["BulkSetUserMetadata", (c, o) => c.bulkSetUserMetadata({ id: "", metadata: [] }, o)],
    ["ListUserMetadata", (c, o) => c.listUserMetadata({ id: "", queries: [] }, o)],
    ["GetUserMetadata", (c, o) => c.getUserMetadata({ id: "", key: "locale" }, o)],
    ["RemoveUserMetadata", (c, o) => c.removeUserMetadata({ id: "", key: "locale" }, o)],
    ["BulkRemoveUserMetadata", (c, o) => c.bulkRemoveUserMetadata({ id: "", keys: [] }, o)],
  ])("%s", async (rpc, call) => {
    expectGrpcError(await grpcFailure((o) => call(alice, o)), { code: Status.INVALID_ARGUMENT, message: pgv(rpc) });
    expectGrpcError(await grpcFailure((o) => call(zitadelNodeClient(url), o)), { code: Status.UNAUTHENTICATED, message: "auth header missing" });
  });

  it("gives the same answer over gRPC-web", async () => {
    const error = await grpcWebFailure(web.getUserMetadata({ id: "", key: "locale" }, bearer(TOKEN.acmeOwner)));
    expectGrpcWebError(error, { code: Code.InvalidArgument, message: pgv("GetUserMetadata") });
  });
});

describe("user metadata over gRPC-web (connect-web)", () => {
  it("sets a key that REST then reads: one store for every transport", async () => {
    const response = await web.setUserMetadata({ id: USER.acmeOwner, key: "web", value: bytes("yes") }, bearer(TOKEN.acmeOwner));
    expect(response.details?.resourceOwner).toBe(ORG.acme);
    const viaRest = await rest(url, "GET", `/users/${USER.acmeOwner}/metadata/web`, { token: TOKEN.acmeOwner });
    expect(viaRest.status).toBe(200);
    expect((viaRest.body.metadata as { value: string }).value).toBe(Buffer.from("yes").toString("base64"));
  });

  it("renders the user errors with their ErrorDetail", async () => {
    const error = await grpcWebFailure(web.removeUserMetadata({ id: USER.acmeOwner, key: "missing" }, bearer(TOKEN.acmeOwner)));
    expectGrpcWebError(error, { code: Code.NotFound, message: "Metadata not found", id: "META-ncnw3" });
  });
});
