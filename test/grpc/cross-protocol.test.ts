/**
 * One mock, three protocols, one state: what is written over gRPC is read over REST and gRPC-web,
 * what is removed over REST is gone over gRPC, and an error reads the same everywhere (REST body
 * `{ code, message, details[].id }` = gRPC status code, message and ErrorDetail id).
 */
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { ConnectError } from "@connectrpc/connect";
import { ErrorDetailSchema } from "@zitadel/proto/zitadel/message_pb.js";
import { type CallOptions, Status } from "nice-grpc";
import { describe, expect, it } from "vitest";
import {
  ERROR_DETAIL_TYPE,
  ORG,
  TOKEN,
  bearer,
  errorDetailsOf,
  expectGrpcError,
  grpcFailure,
  grpcWebClient,
  grpcWebFailure,
  inOrg,
  rest,
  withAuthorization,
  zitadelNodeClient,
  type GrpcWebClient,
  type ZitadelNodeClient,
  mockPerFile,
} from "./support.js";

const { url, time } = await mockPerFile();
/** alice, ORG_OWNER of ACME, over gRPC (@zitadel/node). */
const grpc = zitadelNodeClient(url, TOKEN.acmeOwner);
/** the same caller over gRPC-web. */
const web = grpcWebClient(url);
const asOwner = bearer(TOKEN.acmeOwner);

describe("state is shared by every protocol", () => {
  it("a value set over gRPC reads the same over REST and gRPC-web", async () => {
    const at = time.set("2025-07-08T09:10:11.123Z");
    const value = Buffer.from([0x00, 0xff, 0xfe, 0x7f, 0x80]); // not UTF-8: bytes travel as bytes

    const set = await grpc.setOrgMetadata({ key: "binary", value });
    const overRest = await rest(url, "GET", "/metadata/binary", { token: TOKEN.acmeOwner });
    const overWeb = await web.getOrgMetadata({ key: "binary" }, asOwner);

    const sequence = set.details!.sequence.toString();
    expect(overRest).toStrictEqual({
      status: 200,
      body: {
        metadata: {
          details: { sequence, creationDate: at.toISOString(), changeDate: at.toISOString(), resourceOwner: ORG.acme },
          key: "binary",
          value: value.toString("base64"),
        },
      },
    });
    const { metadata } = overWeb;
    expect(metadata?.key).toBe("binary");
    expect(Buffer.from(metadata!.value)).toEqual(value);
    expect(metadata?.details?.sequence.toString()).toBe(sequence);
    expect(timestampDate(metadata!.details!.creationDate!)).toEqual(at);
    expect(metadata?.details?.resourceOwner).toBe(ORG.acme);
  });

  it("a bulk remove over REST is NOT_FOUND over gRPC and gRPC-web", async () => {
    const removed = await rest(url, "DELETE", "/metadata/_bulk", { token: TOKEN.acmeOwner, body: { keys: ["plan", "region"] } });
    expect(removed.status).toBe(200);

    for (const key of ["plan", "region"]) {
      expectGrpcError(await grpcFailure((o) => grpc.getOrgMetadata({ key }, o)), {
        code: Status.NOT_FOUND,
        message: "Metadata not found",
        id: "QUERY-Rph32",
      });
      const error = await grpcWebFailure(web.getOrgMetadata({ key }, asOwner));
      expect(error.code as number).toBe(Status.NOT_FOUND);
    }
    expect((await grpc.listOrgMetadata({})).result.map((m) => m.key)).toEqual(["support.tier"]);
  });

  it("a bulk set over gRPC-web lists the same over gRPC and REST", async () => {
    await web.bulkSetOrgMetadata(
      { metadata: [{ key: "zone", value: Buffer.from("b") }, { key: "app.id", value: Buffer.from("42") }] },
      bearer(TOKEN.iamOwner, ORG.acme),
    );

    const overGrpc = await grpc.listOrgMetadata({});
    const overRest = await rest(url, "POST", "/metadata/_search", { token: TOKEN.acmeOwner, body: {} });

    const restResult = overRest.body.result as Array<{ key: string; value: string; details: { sequence: string } }>;
    expect(restResult.map((m) => m.key)).toEqual(overGrpc.result.map((m) => m.key));
    expect(restResult.map((m) => m.value)).toEqual(overGrpc.result.map((m) => m.value.toString("base64")));
    expect(restResult.map((m) => m.details.sequence)).toEqual(overGrpc.result.map((m) => m.details!.sequence.toString()));
    expect((overRest.body.details as { totalResult: string }).totalResult).toBe(overGrpc.details!.totalResult.toString());
    expect(overGrpc.result.map((m) => m.key)).toEqual(["app.id", "plan", "region", "support.tier", "zone"]);
  });

  it("GetMyOrg agrees on every protocol", async () => {
    const overGrpc = await grpc.getMyOrg({});
    const overWeb = await web.getMyOrg({}, asOwner);
    const overRest = await rest(url, "GET", "/orgs/me", { token: TOKEN.acmeOwner });

    const restOrg = overRest.body.org as { id: string; name: string; details: { sequence: string } };
    expect([overGrpc.org!.id, overWeb.org!.id, restOrg.id]).toEqual([ORG.acme, ORG.acme, ORG.acme]);
    expect(restOrg.details.sequence).toBe(overGrpc.org!.details!.sequence.toString());
    expect(overWeb.org!.details!.sequence.toString()).toBe(restOrg.details.sequence);
  });
});

describe("an error reads the same over REST, gRPC and gRPC-web", () => {
  interface Case {
    name: string;
    rest: { method: string; path: string; token?: string; authorization?: string; orgId?: string; body?: unknown };
    grpc: (client: ZitadelNodeClient, options: CallOptions) => Promise<unknown>;
    web: (client: GrpcWebClient) => Promise<unknown>;
    status: number;
  }
  /** A client without the token interceptor: no `authorization` unless the call sets one. */
  const anonymous = () => zitadelNodeClient(url);
  const cases: Case[] = [
    {
      name: "auth header missing",
      rest: { method: "GET", path: "/metadata/plan" },
      grpc: (_c, o) => anonymous().getOrgMetadata({ key: "plan" }, o),
      web: (c) => c.getOrgMetadata({ key: "plan" }),
      status: 401,
    },
    {
      name: "invalid auth header (AUTH-toLo1)",
      rest: { method: "GET", path: "/metadata/plan", authorization: "Token abc" },
      grpc: (_c, o) => anonymous().getOrgMetadata({ key: "plan" }, { ...o, ...withAuthorization("Token abc") }),
      web: (c) => c.getOrgMetadata({ key: "plan" }, { headers: { authorization: "Token abc" } }),
      status: 401,
    },
    {
      name: "Errors.Token.Invalid (AUTH-7fs1e)",
      rest: { method: "GET", path: "/metadata/plan", token: "expired" },
      grpc: (_c, o) => zitadelNodeClient(url, "expired").getOrgMetadata({ key: "plan" }, o),
      web: (c) => c.getOrgMetadata({ key: "plan" }, bearer("expired")),
      status: 401,
    },
    {
      name: "Organisation doesn't exist (AUTH-Bs7Ds)",
      rest: { method: "GET", path: "/orgs/me", token: TOKEN.acmeOwner, orgId: "1" },
      grpc: (c, o) => c.getMyOrg({}, { ...o, ...inOrg("1") }),
      web: (c) => c.getMyOrg({}, bearer(TOKEN.acmeOwner, "1")),
      status: 403,
    },
    {
      name: "membership not found (AUTHZ-cdgFk)",
      rest: { method: "POST", path: "/metadata/_search", token: TOKEN.globexOwner, orgId: ORG.acme, body: {} },
      grpc: (_c, o) => zitadelNodeClient(url, TOKEN.globexOwner).listOrgMetadata({}, { ...o, ...inOrg(ORG.acme) }),
      web: (c) => c.listOrgMetadata({}, bearer(TOKEN.globexOwner, ORG.acme)),
      status: 404,
    },
    {
      name: "No matching permissions found (AUTH-5mWD2)",
      rest: { method: "DELETE", path: "/metadata/plan", token: TOKEN.acmeViewer },
      grpc: (_c, o) => zitadelNodeClient(url, TOKEN.acmeViewer).removeOrgMetadata({ key: "plan" }, o),
      web: (c) => c.removeOrgMetadata({ key: "plan" }, bearer(TOKEN.acmeViewer)),
      status: 403,
    },
    {
      name: "Metadata not found (META-mcnw3)",
      rest: { method: "DELETE", path: "/metadata/nope", token: TOKEN.acmeOwner },
      grpc: (c, o) => c.removeOrgMetadata({ key: "nope" }, o),
      web: (c) => c.removeOrgMetadata({ key: "nope" }, asOwner),
      status: 404,
    },
    {
      name: "Metadata list is empty (META-9mm2d)",
      rest: { method: "POST", path: "/metadata/_bulk", token: TOKEN.acmeOwner, body: { metadata: [] } },
      grpc: (c, o) => c.bulkSetOrgMetadata({ metadata: [] }, o),
      web: (c) => c.bulkSetOrgMetadata({}, asOwner),
      status: 400,
    },
    {
      name: "Metadata list is empty (META-9mw2d)",
      rest: { method: "DELETE", path: "/metadata/_bulk", token: TOKEN.acmeOwner, body: { keys: [] } },
      grpc: (c, o) => c.bulkRemoveOrgMetadata({ keys: [] }, o),
      web: (c) => c.bulkRemoveOrgMetadata({}, asOwner),
      status: 400,
    },
    {
      name: "One or more keys do not exist (META-2npds)",
      rest: { method: "DELETE", path: "/metadata/_bulk", token: TOKEN.acmeOwner, body: { keys: ["plan", "nope"] } },
      grpc: (c, o) => c.bulkRemoveOrgMetadata({ keys: ["plan", "nope"] }, o),
      web: (c) => c.bulkRemoveOrgMetadata({ keys: ["plan", "nope"] }, asOwner),
      status: 404,
    },
    {
      name: "Limit exceeded (QUERY-4M0fs)",
      rest: { method: "POST", path: "/metadata/_search", token: TOKEN.acmeOwner, body: { query: { limit: 5000 } } },
      grpc: (c, o) => c.listOrgMetadata({ query: { limit: 5000 } }, o),
      web: (c) => c.listOrgMetadata({ query: { limit: 5000 } }, asOwner),
      status: 400,
    },
    {
      name: "a protoc-gen-validate violation (no id, no details)",
      rest: { method: "POST", path: "/metadata/plan", token: TOKEN.acmeOwner, body: {} },
      grpc: (c, o) => c.setOrgMetadata({ key: "plan" }, o),
      web: (c) => c.setOrgMetadata({ key: "plan" }, asOwner),
      status: 400,
    },
  ];

  it.each(cases)("$name", async ({ rest: restCall, grpc: grpcCall, web: webCall, status }) => {
    const overRest = await rest(url, restCall.method, restCall.path, restCall);
    const overGrpc = await grpcFailure((o) => grpcCall(grpc, o));
    const overWeb: ConnectError = await grpcWebFailure(webCall(web));

    expect(overRest.status).toBe(status);
    const restIds = ((overRest.body.details ?? []) as Array<{ "@type": string; id: string }>).map((d) => [d["@type"], d.id]);
    const grpcIds = (overGrpc.status ? errorDetailsOf(overGrpc.status) : []).map((d) => [ERROR_DETAIL_TYPE, d.id]);
    const webIds = overWeb.findDetails(ErrorDetailSchema).map((d) => [ERROR_DETAIL_TYPE, d.id]);
    expect({ code: overGrpc.code, message: overGrpc.message, ids: grpcIds }).toStrictEqual({
      code: overRest.body.code,
      message: overRest.body.message,
      ids: restIds,
    });
    expect(overGrpc.status?.details ?? []).toHaveLength(restIds.length);
    expect(overWeb.code as number).toBe(overRest.body.code);
    expect(overWeb.rawMessage).toBe(overRest.body.message);
    expect(webIds).toStrictEqual(restIds);
    expect(overWeb.details).toHaveLength(restIds.length);
  });
});
