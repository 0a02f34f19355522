/**
 * The mock driven by ZITADEL's current TypeScript client, `@zitadel/client` (v1 Management service),
 * over both of its transports: `createServerTransport` from `@zitadel/client/node` (gRPC over h2c,
 * connect-node) and `createClientTransport` from `@zitadel/client/web` (gRPC-web over fetch, as in a
 * browser). Each test is written the way an app would use the client against real ZITADEL; only the
 * base URL points at the mock.
 */
import { Code, ConnectError, type Client } from "@connectrpc/connect";
import { toDate } from "@zitadel/client";
import { createServerTransport } from "@zitadel/client/node";
import { createManagementServiceClient } from "@zitadel/client/v1";
import { createClientTransport } from "@zitadel/client/web";
import { TextQueryMethod } from "@zitadel/proto/zitadel/object_pb.js";
import type { ManagementService } from "@zitadel/proto/zitadel/management_pb.js";
import { describe, expect, it } from "vitest";
import { ORG, TOKEN, USER, expectGrpcWebError, grpcWebFailure, mockPerFile } from "./support.js";

const { mock, url, time } = await mockPerFile();

type ManagementClient = Client<typeof ManagementService>;

/** The two ways `@zitadel/client` reaches ZITADEL, each with a personal access token. */
const transports: Array<[string, "grpc" | "grpc-web", (token: string) => ManagementClient]> = [
  ["node gRPC (createServerTransport)", "grpc", (token) => createManagementServiceClient(createServerTransport(token, { baseUrl: url }))],
  ["gRPC-web (createClientTransport)", "grpc-web", (token) => createManagementServiceClient(createClientTransport(token, { baseUrl: url }))],
];

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (value: Uint8Array | undefined): string => new TextDecoder().decode(value);
const keysOf = (list: { result: Array<{ key: string }> }): string[] => list.result.map((item) => item.key);
/** Per-call options that pick the org context, as ZITADEL's docs describe `x-zitadel-orgid`. */
const inOrg = (orgId: string) => ({ headers: { "x-zitadel-orgid": orgId } });

describe.each(transports)("@zitadel/client over %s", (_name, wire, management) => {
  /** alice, ORG_OWNER of ACME. */
  const alice = management(TOKEN.acmeOwner);

  describe("organization metadata", () => {
    it("sets, reads, lists and removes keys of the caller's org", async () => {
      const at = time.set("2025-02-03T04:05:06.789Z");

      const set = await alice.setOrgMetadata({ key: "billing.email", value: utf8("billing@acme.test") });
      expect(set.details?.resourceOwner).toBe(ORG.acme);
      expect(toDate(set.details?.creationDate)).toEqual(at);

      const { metadata } = await alice.getOrgMetadata({ key: "billing.email" });
      expect(decode(metadata?.value)).toBe("billing@acme.test");

      const list = await alice.listOrgMetadata({ queries: [{ query: { case: "keyQuery", value: { key: "billing.", method: TextQueryMethod.STARTS_WITH } } }] });
      expect(keysOf(list)).toEqual(["billing.email"]);
      expect(list.details?.totalResult).toBe(1n);

      await alice.bulkSetOrgMetadata({ metadata: [{ key: "a", value: utf8("1") }, { key: "b", value: utf8("2") }] });
      await alice.bulkRemoveOrgMetadata({ keys: ["a", "b"] });
      await alice.removeOrgMetadata({ key: "billing.email" });
      expect(keysOf(await alice.listOrgMetadata({}))).toEqual(["plan", "region", "support.tier"]);
    });

    it("reports ZITADEL's error id in a zitadel.v1.ErrorDetail", async () => {
      const error = await grpcWebFailure(alice.getOrgMetadata({ key: "missing" }));

      expectGrpcWebError(error, { code: Code.NotFound, message: "Metadata not found", id: "QUERY-Rph32" });
    });
  });

  describe("user metadata", () => {
    it("sets, bulk-sets, reads, lists and removes keys of a user", async () => {
      const at = time.set("2025-03-04T05:06:07.000Z");
      const before = mock.instance.user(USER.acmeOwner)!.aggregate.sequence;

      const set = await alice.setUserMetadata({ id: USER.acmeOwner, key: "theme", value: utf8("dark") });
      expect(set.details?.sequence).toBe(BigInt(before + 1));
      expect(toDate(set.details?.creationDate)).toEqual(at);
      expect(set.details?.resourceOwner).toBe(ORG.acme);

      await alice.bulkSetUserMetadata({ id: USER.acmeOwner, metadata: [{ key: "ui.density", value: utf8("compact") }] });

      const { metadata } = await alice.getUserMetadata({ id: USER.acmeOwner, key: "theme" });
      expect(decode(metadata?.value)).toBe("dark");
      const list = await alice.listUserMetadata({ id: USER.acmeOwner });
      expect(keysOf(list)).toEqual(["locale", "onboarding.completed", "theme", "ui.density"]);
      expect(list.details?.totalResult).toBe(4n);

      await alice.removeUserMetadata({ id: USER.acmeOwner, key: "theme" });
      await alice.bulkRemoveUserMetadata({ id: USER.acmeOwner, keys: ["ui.density"] });
      expect(keysOf(await alice.listUserMetadata({ id: USER.acmeOwner }))).toEqual(["locale", "onboarding.completed"]);
      // The mock's journal shows the wire protocol the transport used.
      expect(mock.control.requests({ rpc: "SetUserMetadata" }).map((entry) => entry.transport)).toEqual([wire]);
    });

    it("writes no event when the value is unchanged", async () => {
      const before = mock.instance.user(USER.acmeOwner)!.aggregate.sequence;

      const again = await alice.setUserMetadata({ id: USER.acmeOwner, key: "locale", value: utf8("de-CH") });

      expect(mock.instance.user(USER.acmeOwner)!.aggregate.sequence).toBe(before);
      expect(again.details?.sequence).toBe(BigInt(before));
    });

    it("treats a user of another org as unknown: FAILED_PRECONDITION COMMAND-uXHNj", async () => {
      const error = await grpcWebFailure(alice.setUserMetadata({ id: USER.globexOwner, key: "k", value: utf8("v") }));

      expectGrpcWebError(error, { code: Code.FailedPrecondition, message: "User could not be found", id: "COMMAND-uXHNj" });
    });

    it("reaches that user with x-zitadel-orgid and a token allowed in its org", async () => {
      const iamOwner = management(TOKEN.iamOwner);

      const { metadata } = await iamOwner.getUserMetadata({ id: USER.globexOwner, key: "employee.number" }, inOrg(ORG.globex));

      expect(decode(metadata?.value)).toBe("G-0042");
    });

    it("answers a missing key with NOT_FOUND QUERY-Rgh32 and an empty user id with protoc-gen-validate's text", async () => {
      expectGrpcWebError(await grpcWebFailure(alice.getUserMetadata({ id: USER.acmeOwner, key: "missing" })), {
        code: Code.NotFound,
        message: "Metadata not found",
        id: "QUERY-Rgh32",
      });
      const invalid = await grpcWebFailure(alice.listUserMetadata({ id: "" }));
      expect(invalid).toBeInstanceOf(ConnectError);
      expectGrpcWebError(invalid, {
        code: Code.InvalidArgument,
        message: "invalid ListUserMetadataRequest.Id: value length must be between 1 and 200 runes, inclusive",
      });
    });
  });
});
