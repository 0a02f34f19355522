/**
 * The mock driven by ZITADEL's own Node SDK, `@zitadel/node` (nice-grpc over @grpc/grpc-js, gRPC over
 * h2c), as an app uses it: the SDK's types (Long sequences, Date timestamps, Buffer values, enums),
 * what only gRPC metadata shows (an empty `authorization`, an explicit one beside the token
 * interceptor), and the RPCs the mock does not cover. What every transport shares (each RPC's
 * semantics and error ids, org context, permissions) is asserted once, in the contract suite, which
 * `npm test` runs over gRPC with this same SDK (contract-tests/kit/grpc-transport.ts); the exact
 * sequence steps and dates of the mock's clock, in test/rest; that an error reads the same on every
 * wire, in test/grpc/cross-protocol.test.ts.
 */
import { ManagementServiceDefinition } from "@zitadel/node/dist/api/generated/zitadel/management.js";
import { OrgState } from "@zitadel/node/dist/api/generated/zitadel/org.js";
import { type CallOptions, Metadata, Status } from "nice-grpc";
import { describe, expect, it } from "vitest";
import {
  FIXTURE_TIME,
  ORG,
  TOKEN,
  bytes,
  expectGrpcError,
  grpcFailure,
  rest,
  withAuthorization,
  zitadelNodeClient,
  MOCKED_RPCS,
  mockPerFile,
} from "./support.js";

const { mock, url, time } = await mockPerFile();
/** alice, ORG_OWNER of ACME: org.read and org.write in her own org. */
const owner = zitadelNodeClient(url, TOKEN.acmeOwner);

const keysOf = (list: { result: Array<{ key: string }> }): string[] => list.result.map((item) => item.key);

describe("GetMyOrg", () => {
  it("answers the organization of the token's user when no x-zitadel-orgid is sent", async () => {
    const { org } = await owner.getMyOrg({});

    expect(org).toMatchObject({ id: ORG.acme, name: "ACME", primaryDomain: "acme.localhost", state: OrgState.ORG_STATE_ACTIVE });
    expect(org!.details!.resourceOwner).toBe(ORG.acme);
    expect(org!.details!.creationDate).toEqual(new Date(FIXTURE_TIME));
  });
});

describe("org metadata with the SDK's types", () => {
  it("sets, reads, lists and removes a key: Long sequences of the org's events, Dates of the mock's clock, Buffer values", async () => {
    const before = mock.instance.org(ORG.acme)!.aggregate.sequence;
    const setAt = time.set("2025-02-03T04:05:06.789Z");

    const set = await owner.setOrgMetadata({ key: "billing.email", value: bytes("billing@acme.test") });
    expect(set.details!.sequence.toNumber()).toBe(before + 1);
    expect(set.details!.creationDate).toEqual(setAt);

    const { metadata } = await owner.getOrgMetadata({ key: "billing.email" });
    expect(metadata!.value.toString("utf8")).toBe("billing@acme.test");
    expect(metadata!.details).toMatchObject({ creationDate: setAt, changeDate: setAt, resourceOwner: ORG.acme });

    const list = await owner.listOrgMetadata({});
    expect(keysOf(list)).toEqual(["billing.email", "plan", "region", "support.tier"]);
    expect(list.details!.totalResult.toNumber()).toBe(4);
    expect(list.details!.viewTimestamp).toBeInstanceOf(Date);

    const removedAt = time.set("2025-04-01T12:00:00.000Z");
    const removed = await owner.removeOrgMetadata({ key: "billing.email" });
    expect(removed.details!.sequence.toNumber()).toBe(before + 2);
    expect(removed.details!.changeDate).toEqual(removedAt);
  });
});

describe("authentication from gRPC metadata", () => {
  it.each([
    { name: "an empty authorization is a missing one", authorization: "", expected: { code: Status.UNAUTHENTICATED, message: "auth header missing" } },
    {
      name: "a membership without org.read (ORG_PROJECT_CREATOR)",
      token: TOKEN.acmeProjectCreator,
      expected: { code: Status.PERMISSION_DENIED, message: "No matching permissions found", id: "AUTH-5mWD2" },
    },
  ])("$name: $expected.code $expected.message, as over REST", async ({ token, authorization, expected }) => {
    const client = zitadelNodeClient(url, token);
    const metadata = Metadata();
    if (authorization !== undefined) metadata.set("authorization", authorization);

    const failure = await grpcFailure((o) => client.getOrgMetadata({ key: "plan" }, { ...o, metadata }));
    const overRest = await rest(url, "GET", "/metadata/plan", { token, authorization });

    expectGrpcError(failure, expected);
    expect(overRest.body.code).toBe(failure.code);
    expect(overRest.body.message).toBe(failure.message);
  });

  it("lets an explicit authorization metadata win over the token interceptor", async () => {
    const failure = await grpcFailure((o) => owner.getMyOrg({}, { ...o, ...withAuthorization("Bearer not-a-token") }));

    expectGrpcError(failure, { code: Status.UNAUTHENTICATED, message: "Errors.Token.Invalid", id: "AUTH-7fs1e" });
  });
});

describe("the ManagementService RPCs the mock does not cover", () => {
  const others = Object.entries(ManagementServiceDefinition.methods).filter(([, method]) => !MOCKED_RPCS.has(method.name));

  it("are many: the mock registers the whole service", () => {
    expect(others.length).toBeGreaterThan(100);
  });

  it("every one answers UNIMPLEMENTED with a message that the mock does not cover it", async () => {
    const calls = owner as unknown as Record<string, (request: object, options: CallOptions) => Promise<unknown>>;

    const failures = await Promise.all(
      others.map(async ([localName, method]) => ({ name: method.name, failure: await grpcFailure((o) => calls[localName]!({}, o)) })),
    );

    for (const { name, failure } of failures) {
      expectGrpcError(failure, {
        code: Status.UNIMPLEMENTED,
        message: `zitadel-mock does not implement zitadel.management.v1.ManagementService/${name}; it covers organization and user metadata and GetMyOrg only`,
      });
    }
  });
});
