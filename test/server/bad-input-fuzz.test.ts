/**
 * Whatever a client sends, the mock answers in ZITADEL's error shape with a 4xx (or a 200), never a
 * 5xx, and keeps serving. Seeded, so a failure reproduces.
 */
import { faker } from "@faker-js/faker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockServer, type MockServer } from "../../src/index.js";
import { randomJsonOf } from "../random-json.js";

const ROUNDS = 400;
let mock: MockServer;
let url: string;

beforeAll(async () => {
  faker.seed(20261123);
  mock = await createMockServer({ port: 0 });
  ({ url } = await mock.start());
});
afterAll(() => mock.stop());

/** Random JSON with the field names of the Management API requests. */
const randomJson = randomJsonOf({
  names: ["key", "value", "metadata", "keys", "query", "queries", "keyQuery", "key_query", "method", "offset", "limit", "asc", "x"],
  numbers: [0, -1, 1.5, 2 ** 53, 1e308],
  strings: ["", "YQ==", "-_8", "!!", "TEXT_QUERY_METHOD_CONTAINS", "1e2", "\u0000", "😀".repeat(3)],
});

const randomPath = (): string => {
  const key = faker.helpers.arrayElement(["plan", "_bulk", "_search", "", "%", "%E0%A4", "a%2Fb", "x".repeat(300), encodeURIComponent(faker.string.sample(8))]);
  return faker.helpers.arrayElement([
    `/management/v1/metadata/${key}`,
    "/management/v1/metadata/_bulk",
    "/management/v1/metadata/_search",
    "/management/v1/orgs/me",
    `/management/v1/${key}`,
    `/zitadel.management.v1.ManagementService/${faker.helpers.arrayElement(["GetOrgMetadata", "SetOrgMetadata", "Nope"])}`,
  ]);
};

const randomBody = (): string | Uint8Array | undefined =>
  faker.helpers.arrayElement([
    undefined,
    JSON.stringify(randomJson()),
    faker.string.sample({ min: 0, max: 50 }),
    Uint8Array.from({ length: faker.number.int({ min: 0, max: 64 }) }, () => faker.number.int(255)),
  ]);

describe("bad input", () => {
  it(`never gets a 5xx or a non-JSON error over ${ROUNDS} random REST, gRPC-web and Connect requests`, async () => {
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const method = faker.helpers.arrayElement(["GET", "POST", "DELETE", "PUT"]);
      const path = randomPath();
      const contentType = faker.helpers.arrayElement([undefined, "application/json", "text/plain", "application/grpc-web+proto", "application/proto"]);
      const headers: Record<string, string> = {
        authorization: faker.helpers.arrayElement(["Bearer acme-owner-token", "Bearer iam-owner-token", "Bearer ", "bearer x", ""]),
        ...(contentType ? { "content-type": contentType } : {}),
        ...(faker.datatype.boolean() ? { "x-zitadel-orgid": faker.helpers.arrayElement(["284012579201597444", "", "1", "%"]) } : {}),
      };
      const body = method === "GET" ? undefined : randomBody();
      const res = await fetch(`${url}${path}`, { method, headers, body });
      const text = await res.text();
      const rest = !path.startsWith("/zitadel.");
      if (res.status >= 500) failures.push(`${method} ${path} -> ${res.status} ${text.slice(0, 120)}`);
      else if (rest && res.status >= 400) {
        let parsed: { code?: unknown; message?: unknown } = {};
        try {
          parsed = JSON.parse(text) as typeof parsed;
        } catch {
          failures.push(`${method} ${path} -> ${res.status} non-JSON body ${text.slice(0, 60)}`);
        }
        if (typeof parsed.code !== "number" || typeof parsed.message !== "string") failures.push(`${method} ${path} -> ${res.status} ${text.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
    const after = await fetch(`${url}/management/v1/metadata/plan`, { headers: { authorization: "Bearer acme-owner-token" } });
    expect(after.status).toBe(200);
  }, 60_000);
});
