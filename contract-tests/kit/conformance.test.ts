import { beforeAll, describe, expect, it } from "vitest";
import { ConformanceError, loadSpecConformance, NO_OPERATION, type SpecConformance } from "./conformance.js";
import { RestTransport } from "./rest-transport.js";
import { OPERATION_IDS } from "./transport.js";

const details = { sequence: "7", creationDate: "2024-11-22T09:27:11.701Z", changeDate: "2024-11-22T09:27:11.701Z", resourceOwner: "1" };
const getResponse = { metadata: { details, key: "plan", value: "ZW50ZXJwcmlzZQ==" } };

let spec: SpecConformance;
beforeAll(async () => {
  spec = await loadSpecConformance();
});

describe("SpecConformance with spec/management.openapi.yaml", () => {
  it("knows exactly the operations the kit calls", () => {
    expect(spec.operationIds().sort()).toEqual(Object.values(OPERATION_IDS).sort());
  });

  it("accepts a documented response", () => {
    expect(() => spec.check("ManagementService_GetOrgMetadata", 200, getResponse)).not.toThrow();
  });

  it("names the operation and the JSON path of a wrong type (a numeric sequence)", () => {
    const wrong = { metadata: { ...getResponse.metadata, details: { ...details, sequence: 7 } } };
    expect(() => spec.check("ManagementService_GetOrgMetadata", 200, wrong)).toThrow(
      "ManagementService_GetOrgMetadata 200 response does not match spec: /metadata/details/sequence must be string",
    );
  });

  it("reports a missing required field (no details)", () => {
    expect(() => spec.check("ManagementService_SetOrgMetadata", 200, {})).toThrow(
      "ManagementService_SetOrgMetadata 200 response does not match spec: / must have required property 'details'",
    );
  });

  it("reports an undocumented field", () => {
    const extra = { details: { sequence: "1", changeDate: details.changeDate, resourceOwner: "1", id: "1" } };
    expect(() => spec.check("ManagementService_RemoveOrgMetadata", 200, extra)).toThrow(
      "ManagementService_RemoveOrgMetadata 200 response does not match spec: /details has undocumented property 'id'",
    );
  });

  it("checks formats: uint64 strings, RFC 3339 timestamps, padded base64", () => {
    const wrong = { metadata: { details: { ...details, sequence: "-1", changeDate: "yesterday" }, key: "k", value: "abc" } };
    const problems = spec.problems("ManagementService_GetOrgMetadata", 200, wrong);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/metadata\/details\/sequence must match/),
        '/metadata/details/changeDate must match format "date-time"',
        '/metadata/value must match format "byte"',
      ]),
    );
  });

  it("checks error bodies against rpcStatus", () => {
    const notFound = { code: 5, message: "Metadata not found (QUERY-Rph32)", details: [{ "@type": "type.googleapis.com/zitadel.v1.ErrorDetail", id: "QUERY-Rph32", message: "Metadata not found" }] };
    expect(spec.problems("ManagementService_GetOrgMetadata", 404, notFound)).toEqual([]);
    expect(spec.problems(NO_OPERATION, 404, { code: 5, message: "Not Found" })).toEqual([]);
    expect(() => spec.check("ManagementService_GetOrgMetadata", 404, { code: "NOT_FOUND", message: "x", error: "x" })).toThrow(
      "ManagementService_GetOrgMetadata 404 response does not match spec: / has undocumented property 'error'; /code must be integer",
    );
  });

  it("rejects a body that is not JSON", () => {
    expect(spec.problems("ManagementService_GetOrgMetadata", 200, undefined)).toEqual(["the body is not JSON"]);
  });
});

describe("the transport checks every response", () => {
  const respond = (status: number, body: unknown) =>
    (async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })) as typeof fetch;

  it("fails a call whose response has a numeric sequence, with a readable message", async () => {
    const wrong = { metadata: { ...getResponse.metadata, details: { ...details, sequence: 12 } } };
    const transport = new RestTransport({ baseUrl: "http://stub", conformance: spec, fetch: respond(200, wrong) });

    const call = transport.call("getOrgMetadata", { key: "plan" }, { authorization: "Bearer t", orgId: null });

    await expect(call).rejects.toThrow(ConformanceError);
    await expect(transport.call("getOrgMetadata", { key: "plan" }, { authorization: "Bearer t", orgId: null })).rejects.toThrow(
      "ManagementService_GetOrgMetadata 200 response does not match spec: /metadata/details/sequence must be string",
    );
  });

  it("fails a call whose response lacks details", async () => {
    const transport = new RestTransport({ baseUrl: "http://stub", conformance: spec, fetch: respond(200, {}) });

    await expect(transport.call("setOrgMetadata", { key: "k", value: "eA==" }, { authorization: null, orgId: null })).rejects.toThrow(
      "ManagementService_SetOrgMetadata 200 response does not match spec: / must have required property 'details'",
    );
  });

  it("normalizes a conforming error: gRPC code, message and ZITADEL error id", async () => {
    const body = { code: 5, message: "Metadata not found (QUERY-Rph32)", details: [{ "@type": "type.googleapis.com/zitadel.v1.ErrorDetail", id: "QUERY-Rph32", message: "Metadata not found" }] };
    const transport = new RestTransport({ baseUrl: "http://stub", conformance: spec, fetch: respond(404, body) });

    const result = await transport.call("getOrgMetadata", { key: "k" }, { authorization: "Bearer t", orgId: "1" });

    expect(result).toEqual({ ok: false, httpStatus: 404, code: 5, message: "Metadata not found (QUERY-Rph32)", errorId: "QUERY-Rph32", body });
  });
});
