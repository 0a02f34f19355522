import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorTexts, ZitadelError } from "../core/errors.js";
import { answerFailure, routeDispatch } from "./gateway-dispatch.js";
import { RouteTable } from "./route-table.js";
import type { SpecRoute } from "./spec-routes.js";

/**
 * The dispatch both REST gateways use: v1 under `/management/v1`, v2 from the root. One server
 * answers both tables here, each call echoing what it was routed to.
 */

const route = (path: string, method: string, rpc: string): SpecRoute<string> => ({ path, method, operationId: rpc, rpc, hasBody: false });

const v1 = routeDispatch(new RouteTable("/management/v1", [route("/metadata/{key}", "get", "getOrgMetadata")]), async (_req, res, operation, params) => {
  res.end(JSON.stringify({ rpc: operation.rpc, params }));
});
const v2 = routeDispatch(
  new RouteTable("", [
    route("/v2/users/{user_id}/metadata", "post", "setUserMetadata"),
    route("/v2/users/{user_id}/metadata", "delete", "deleteUserMetadata"),
  ]),
  async (_req, res, operation, params) => {
    if (params.user_id === "fails") throw new ZitadelError(ErrorTexts.invalidRequest("refused by the call"));
    if (params.user_id === "crashes") throw new Error("a bug");
    res.end(JSON.stringify({ rpc: operation.rpc, params }));
  },
);

const server = createServer((req, res) => {
  const path = (req.url ?? "/").split("?")[0]!;
  if (path === "/thrown") return answerFailure(res, new URIError("URI malformed"));
  (path.startsWith("/v2/") ? v2 : v1)(req, res, path);
});
let base = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const call = async (method: string, path: string) => {
  const response = await fetch(`${base}${path}`, { method });
  return { status: response.status, body: (await response.json()) as unknown };
};

describe("routeDispatch", () => {
  it("calls the matched operation with its decoded path parameters, under either API root", async () => {
    expect(await call("GET", "/management/v1/metadata/a%20b")).toEqual({ status: 200, body: { rpc: "getOrgMetadata", params: { key: "a b" } } });
    expect(await call("DELETE", "/v2/users/u1/metadata?keys=a")).toEqual({
      status: 200,
      body: { rpc: "deleteUserMetadata", params: { user_id: "u1" } },
    });
  });

  it("answers an unknown path 404 code 5 and a known path with another method 405, as grpc-gateway", async () => {
    expect(await call("GET", "/management/v1/nothing")).toEqual({ status: 404, body: { code: 5, message: "Not Found" } });
    expect(await call("GET", "/v2/users/u1/metadata")).toEqual({ status: 405, body: { code: 12, message: "Method Not Allowed" } });
    // `%2F` separates segments: two segments where the template has one.
    expect((await call("POST", "/v2/users/a%2Fb/metadata")).status).toBe(404);
  });

  it("answers a call's failure in ZITADEL's shape: its own error, a broken path encoding, or Internal for a bug", async () => {
    expect(await call("POST", "/v2/users/fails/metadata")).toEqual({ status: 400, body: { code: 3, message: "refused by the call" } });
    expect(await call("GET", "/management/v1/metadata/%E0%A4%A")).toEqual({ status: 400, body: { code: 3, message: "Bad Request" } });
    expect((await call("POST", "/v2/users/crashes/metadata")).status).toBe(500);
    expect(await call("GET", "/thrown")).toEqual({ status: 400, body: { code: 3, message: "Bad Request" } });
  });
});
