/**
 * Whatever a client sends to the v2 services (REST or Connect), the mock answers with a 4xx in the
 * protocol's error shape, or a 200, never a 5xx other than 501 for an RPC it does not cover. Seeded,
 * so a failure reproduces.
 */
import http2 from "node:http2";
import { faker } from "@faker-js/faker";
import { describe, expect, it } from "vitest";
import { ORG, ORG_SERVICE, USER, USER_SERVICE, mockPerFile } from "./support.js";
import { envelope } from "../grpc-envelopes.js";
import { randomJsonOf } from "../random-json.js";

const ROUNDS = 120;
const { url } = await mockPerFile();

/** Random JSON with the field names of the v2 requests. */
const randomJson = randomJsonOf({
  names: ["userId", "organization_id", "metadata", "key", "value", "keys", "pagination", "limit", "offset", "asc", "filter", "filters", "keyQuery", "keyFilter", "method"],
  numbers: [0, -1, 1.5, 2 ** 53, 1001],
  strings: ["", "YQ==", "-_8", "!!", "TEXT_FILTER_METHOD_CONTAINS", USER.acmeOwner, ORG.acme, "\u0000"],
});

const randomTarget = (): { path: string; connect: boolean } => {
  const id = faker.helpers.arrayElement([USER.acmeOwner, ORG.acme, "x", "%", "a%2Fb", "1".repeat(250)]);
  return faker.helpers.arrayElement([
    { path: `/v2/users/${id}/metadata`, connect: false },
    { path: `/v2/users/${id}/metadata/search`, connect: false },
    { path: `/v2/users/${id}/metadata?keys=${faker.helpers.arrayElement(["", "a", "%", "locale"])}`, connect: false },
    { path: `/v2beta/organizations/${id}/metadata`, connect: false },
    { path: `/v2beta/organizations/${id}/metadata/search`, connect: false },
    ...["SetUserMetadata", "ListUserMetadata", "DeleteUserMetadata"].map((rpc) => ({ path: `/${USER_SERVICE}/${rpc}`, connect: true })),
    ...["SetOrganizationMetadata", "ListOrganizationMetadata", "DeleteOrganizationMetadata"].map((rpc) => ({ path: `/${ORG_SERVICE}/${rpc}`, connect: true })),
  ]);
};

describe("bad input to the v2 services", () => {
  const GARBAGE = new Uint8Array([0x0a, 0x05, 0x61]);
  const UNMARSHAL = "unmarshal into *user.SetUserMetadataRequest: proto: cannot parse invalid wire-format data";

  it("answers a gRPC-web message that does not parse with INVALID_ARGUMENT (3), as connect-go", async () => {
    const res = await fetch(`${url}/${USER_SERVICE}/SetUserMetadata`, {
      method: "POST",
      headers: { authorization: "Bearer acme-owner-token", "content-type": "application/grpc-web+proto" },
      body: envelope(GARBAGE),
    });
    expect([res.status, res.headers.get("grpc-status"), decodeURIComponent(res.headers.get("grpc-message") ?? "")]).toEqual([200, "3", UNMARSHAL]);
  });

  it("answers a gRPC message that does not parse with INVALID_ARGUMENT (3), as connect-go", async () => {
    const session = http2.connect(url);
    const status = await new Promise<[string, string]>((resolve, reject) => {
      const stream = session.request({
        ":method": "POST",
        ":path": `/${USER_SERVICE}/SetUserMetadata`,
        "content-type": "application/grpc",
        te: "trailers",
        authorization: "Bearer acme-owner-token",
      });
      stream.on("response", (headers) => {
        if (headers["grpc-status"] !== undefined) resolve([String(headers["grpc-status"]), decodeURIComponent(String(headers["grpc-message"]))]);
      });
      stream.on("trailers", (trailers) => resolve([String(trailers["grpc-status"]), decodeURIComponent(String(trailers["grpc-message"]))]));
      stream.on("error", reject);
      stream.resume();
      stream.end(envelope(GARBAGE));
    });
    session.close();
    expect(status).toEqual(["3", UNMARSHAL]);
  });

  it("answers a Connect binary body that does not parse with invalid_argument, as connect-go (not connect-node's internal)", async () => {
    const res = await fetch(`${url}/${USER_SERVICE}/SetUserMetadata`, {
      method: "POST",
      headers: { authorization: "Bearer acme-owner-token", "content-type": "application/proto" },
      body: GARBAGE,
    });
    expect([res.status, await res.json()]).toEqual([400, { code: "invalid_argument", message: UNMARSHAL }]);
  });


  it(`never gets a 5xx or a body outside the protocol's error shape over ${ROUNDS} random REST and Connect requests`, async () => {
    faker.seed(20261202);
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { path, connect } = randomTarget();
      const method = connect ? "POST" : faker.helpers.arrayElement(["POST", "DELETE", "PUT"]);
      const contentType = faker.helpers.arrayElement([undefined, "application/json", "text/plain", "application/proto"]);
      const headers: Record<string, string> = {
        authorization: faker.helpers.arrayElement(["Bearer acme-owner-token", "Bearer iam-owner-token", "Bearer ", ""]),
        ...(contentType ? { "content-type": contentType } : {}),
        ...(faker.datatype.boolean() ? { "x-zitadel-orgid": faker.helpers.arrayElement([ORG.globex, "", "1"]) } : {}),
      };
      const body = faker.helpers.arrayElement([undefined, JSON.stringify(randomJson()), "{", new Uint8Array([0xff, 0x00, 0x0a])]);
      const res = await fetch(`${url}${path}`, { method, headers, body });
      const text = await res.text();
      const where = `${method} ${path} ${contentType ?? ""} -> ${res.status} ${text.slice(0, 120)}`;
      if (res.status >= 500) failures.push(where);
      else if (res.status >= 400 && res.status !== 415 && res.status !== 405) {
        // Connect: {"code":"<name>",...}; REST: {"code":<number>,...} (connect-node answers 415/405 itself, as connect-go does).
        let parsed: { code?: unknown };
        try {
          parsed = JSON.parse(text) as { code?: unknown };
        } catch {
          failures.push(`${where} (not JSON)`);
          continue;
        }
        const expected = connect && contentType === "application/json" ? "string" : connect ? "any" : "number";
        if (expected !== "any" && typeof parsed.code !== expected) failures.push(`${where} (code is no ${expected})`);
      }
    }
    expect(failures).toEqual([]);
    // Still serving.
    expect((await fetch(`${url}/v2/users/${USER.acmeOwner}/metadata/search`, { method: "POST", headers: { authorization: "Bearer acme-owner-token" }, body: "{}" })).status).toBe(200);
  }, 30_000);
});
