/**
 * The Connect protocol on the wire, as ZITADEL's connect-go serves the v2 services: JSON in and out
 * with curl-like requests, the Connect error body (string code, ErrorDetail as type/value/debug), and
 * Connect refused for the v1 Management service.
 */
import { describe, expect, it } from "vitest";
import { ORG, ORG_SERVICE, TOKEN, USER, USER_SERVICE, b64, connectJson, mockPerFile } from "./support.js";

const { url } = await mockPerFile();

describe("the Connect protocol with JSON", () => {
  it("answers protojson: camelCase, zero values omitted, int64 as strings, bytes as base64", async () => {
    const set = await connectJson(url, `${USER_SERVICE}/SetUserMetadata`, { user_id: USER.acmeOwner, metadata: [{ key: "c", value: b64("v") }] }, { token: TOKEN.acmeOwner });
    expect(set).toEqual({ status: 200, body: { setDate: "2025-01-01T00:00:00Z" } });
    const list = await connectJson(url, `${USER_SERVICE}/ListUserMetadata`, { userId: USER.acmeOwner, pagination: { limit: 1 } }, { token: TOKEN.acmeOwner });
    expect(list.body).toEqual({
      pagination: { totalResult: "3", appliedLimit: "1" },
      metadata: [{ creationDate: "2025-01-01T00:00:00Z", changeDate: "2025-01-01T00:00:00Z", key: "c", value: b64("v") }],
    });
  });

  it("renders ZITADEL's errors as connect-go does: string code, message with id, ErrorDetail as type/value/debug", async () => {
    const missing = await connectJson(url, `${USER_SERVICE}/SetUserMetadata`, { userId: "nobody", metadata: [{ key: "k", value: b64("v") }] }, { token: TOKEN.acmeOwner });
    expect(missing).toEqual({
      status: 400,
      body: {
        code: "failed_precondition",
        message: "User could not be found (COMMAND-uXHNj)",
        details: [
          {
            type: "zitadel.v1.ErrorDetail",
            value: "Cg1DT01NQU5ELXVYSE5qEhdVc2VyIGNvdWxkIG5vdCBiZSBmb3VuZA",
            debug: { id: "COMMAND-uXHNj", message: "User could not be found" },
          },
        ],
      },
    });
    const empty = await connectJson(url, `${ORG_SERVICE}/SetOrganizationMetadata`, { organizationId: ORG.acme }, { token: TOKEN.acmeOwner });
    expect(empty.body).toMatchObject({ code: "failed_precondition", details: [{ value: "CgpNRVRBLTltbTJkEhZNZXRhZGF0YSBsaXN0IGlzIGVtcHR5" }] });
  });

  it("sends no details for protoc-gen-validate and a missing token", async () => {
    expect(await connectJson(url, `${USER_SERVICE}/SetUserMetadata`, { metadata: [] }, { token: TOKEN.acmeOwner })).toEqual({
      status: 400,
      body: { code: "invalid_argument", message: "invalid SetUserMetadataRequest.UserId: value length must be between 1 and 200 runes, inclusive" },
    });
    expect(await connectJson(url, `${USER_SERVICE}/SetUserMetadata`, {})).toEqual({ status: 401, body: { code: "unauthenticated", message: "auth header missing" } });
  });

  it("maps codes to HTTP as connect-go: not_found 404, permission_denied 403", async () => {
    const globex = await connectJson(url, `${USER_SERVICE}/DeleteUserMetadata`, { userId: USER.globexOwner, keys: ["employee.number"] }, { token: TOKEN.acmeOwner });
    expect([globex.status, globex.body.code]).toEqual([404, "not_found"]);
    const viewer = await connectJson(url, `${ORG_SERVICE}/SetOrganizationMetadata`, { organizationId: ORG.acme, metadata: [{ key: "k", value: b64("v") }] }, { token: TOKEN.acmeViewer });
    expect([viewer.status, viewer.body.code, viewer.body.message]).toEqual([403, "permission_denied", "No matching permissions found (AUTH-5mWD2)"]);
  });

  it("honours x-zitadel-orgid as the interceptor's org context, which must exist", async () => {
    const unknown = await connectJson(url, `${ORG_SERVICE}/ListOrganizationMetadata`, { organizationId: ORG.acme }, { token: TOKEN.iamOwner, orgId: "123" });
    expect([unknown.status, unknown.body.message]).toEqual([403, "Organisation doesn't exist (AUTH-Bs7Ds)"]);
    const globex = await connectJson(url, `${ORG_SERVICE}/ListOrganizationMetadata`, { organizationId: ORG.acme }, { token: TOKEN.acmeOwner, orgId: ORG.globex });
    expect([globex.status, globex.body.message]).toEqual([404, "membership not found (AUTHZ-cdgFk)"]);
  });

  it("is refused for the v1 Management service, as in ZITADEL (the REST gateway answers)", async () => {
    const v1 = await connectJson(url, "zitadel.management.v1.ManagementService/GetMyOrg", {}, { token: TOKEN.acmeOwner });
    expect(v1).toEqual({ status: 404, body: { code: 5, message: "Not Found" } });
  });

  it("answers a procedure the service does not have with connect-go's 404, and GET with 405", async () => {
    const unknown = await fetch(`${url}/${USER_SERVICE}/NoSuchRpc`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect([unknown.status, await unknown.text()]).toEqual([404, "404 page not found\n"]);
    const get = await fetch(`${url}/${USER_SERVICE}/ListUserMetadata`);
    expect(get.status).toBe(405);
  });

  it("answers CORS preflights for the v2 routes as ZITADEL's CORS handler does", async () => {
    const preflight = await fetch(`${url}/${USER_SERVICE}/SetUserMetadata`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "POST", "access-control-request-headers": "authorization,connect-protocol-version,content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example");
  });
});

describe("the Connect protocol in the mock's journal", () => {
  it("journals a Connect call as transport connect, under the v2 RPC's full name, and fault rules can match it", async () => {
    await fetch(`${url}/__mock/requests`, { method: "DELETE" });
    const rule = { match: { transport: "connect", rpc: `${USER_SERVICE}/ListUserMetadata` }, error: { id: "AUTHZ-cdgFk" }, times: 1 };
    expect((await fetch(`${url}/__mock/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(rule) })).status).toBe(201);
    const faulted = await connectJson(url, `${USER_SERVICE}/ListUserMetadata`, { userId: USER.acmeOwner }, { token: TOKEN.acmeOwner });
    expect(faulted.body).toMatchObject({ code: "not_found" });
    expect((await connectJson(url, `${USER_SERVICE}/ListUserMetadata`, { userId: USER.acmeOwner }, { token: TOKEN.acmeOwner })).status).toBe(200);
    const { requests } = (await (await fetch(`${url}/__mock/requests`)).json()) as { requests: Array<{ transport: string; rpc: string; errorId: string | null }> };
    expect(requests.map(({ transport, rpc, errorId }) => ({ transport, rpc, errorId }))).toEqual([
      { transport: "connect", rpc: `${USER_SERVICE}/ListUserMetadata`, errorId: "AUTHZ-cdgFk" },
      { transport: "connect", rpc: `${USER_SERVICE}/ListUserMetadata`, errorId: null },
    ]);
  });
});
