import { describe, expect, it } from "vitest";
import type { ExchangeRecord, LogRecord } from "./recorder.js";
import { buildSummary, type CaseResult, ranNoCase } from "./summary.js";

const file = "/repo/contract-tests/cases/get.contract.test.ts";

function exchange(test: string | undefined, status: number, code: number, errorId?: string): ExchangeRecord {
  return {
    kind: "exchange",
    file,
    ...(test ? { test } : {}),
    transport: "rest",
    operation: "ManagementService_GetOrgMetadata",
    request: { method: "GET", url: "/management/v1/metadata/contract-x-a", headers: { authorization: "Bearer [redacted]", "x-zitadel-orgid": "1" } },
    response: { status, body: status === 200 ? { metadata: {} } : { code, message: `oops (${errorId})` } },
    outcome: { ok: status === 200, code, ...(errorId ? { errorId } : {}) },
    ms: 3,
  };
}

const cases: CaseResult[] = [
  { file, name: "GetOrgMetadata > returns it", state: "passed", errors: [] },
  { file, name: "GetOrgMetadata > answers 404", state: "failed", errors: ["expected HTTP 404 · code 5 · QUERY-Rph32, got pat-secret-token"] },
  { file, name: "GetOrgMetadata > second org", state: "skipped", errors: [], note: "set CONTRACT_SECOND_ORG_ID to run this case" },
];

const log: LogRecord[] = [
  exchange("GetOrgMetadata > returns it", 200, 0),
  exchange("GetOrgMetadata > answers 404", 200, 0),
  { kind: "expectation", file, test: "GetOrgMetadata > answers 404", expected: "HTTP 404 · code 5 · QUERY-Rph32" },
  exchange(undefined, 404, 5, "META-mcnw3"),
];

const summary = buildSummary({
  target: "remote https://x.zitadel.cloud",
  runPrefix: "contract-x-",
  cases,
  log,
  specOperations: ["ManagementService_GetOrgMetadata", "ManagementService_SetOrgMetadata"],
  secrets: ["pat-secret-token"],
  root: "/repo",
});

describe("buildSummary", () => {
  it("states the result and the counts", () => {
    expect(summary).toContain("- Result: **FAIL** — 1 passed, 1 failed, 1 skipped (3 contract cases, 3 exchanges)");
  });

  it("lists per operation the statuses and error ids exercised, with passed and failed cases", () => {
    expect(summary).toContain("### ManagementService_GetOrgMetadata");
    expect(summary).toContain("| 200 | 0 | — | 2 | 1 | 1 |");
    expect(summary).toContain("| 404 | 5 | META-mcnw3 | 1 | 0 | 0 |");
    expect(summary).toMatch(/### ManagementService_SetOrgMetadata\n\nNot exercised\./);
  });

  it("gives skipped cases with their reason", () => {
    expect(summary).toContain(
      "- contract-tests/cases/get.contract.test.ts › GetOrgMetadata > second org — set CONTRACT_SECOND_ORG_ID to run this case",
    );
  });

  it("shows a failure with request, expected and actual response", () => {
    const failure = summary.slice(summary.indexOf("## Failures"));
    expect(failure).toContain("### contract-tests/cases/get.contract.test.ts › GetOrgMetadata > answers 404");
    expect(failure).toContain("Expected: HTTP 404 · code 5 · QUERY-Rph32");
    expect(failure).toContain("Request (ManagementService_GetOrgMetadata): `GET /management/v1/metadata/contract-x-a`");
    expect(failure).toContain("authorization: Bearer [redacted]");
    expect(failure).toContain("Actual response: HTTP 200");
  });

  it("scrubs known secrets", () => {
    expect(summary).not.toContain("pat-secret-token");
    expect(summary).toContain("got [redacted]");
  });
});

describe("a failure without an expectation of its own", () => {
  it("does not show the expectation of an earlier, passing step", () => {
    const name = "GetOrgMetadata > conformance";
    const text = buildSummary({
      target: "in-process mock",
      cases: [{ file, name, state: "failed", errors: ["ManagementService_GetOrgMetadata 200 response does not match spec: /metadata must be object"] }],
      log: [
        exchange(name, 200, 0),
        { kind: "expectation", file, test: name, expected: "HTTP 200 · code 0" },
        { ...exchange(name, 200, 0), conformance: "/metadata must be object" },
      ],
      specOperations: [],
      root: "/repo",
    });
    expect(text).not.toContain("Expected:");
    expect(text).toContain("Spec conformance: /metadata must be object");
  });
});

describe("a run over gRPC", () => {
  const name = "GetOrgMetadata > answers 404";
  const grpcExchange = (test: string, code: number, errorId?: string): ExchangeRecord => ({
    kind: "exchange",
    file,
    test,
    transport: "grpc",
    operation: "ManagementService_GetOrgMetadata",
    request: { method: "gRPC", url: "/zitadel.management.v1.ManagementService/GetOrgMetadata", headers: { authorization: "Bearer [redacted]" }, body: { key: "k" } },
    response: { body: code === 0 ? { metadata: {} } : { code, message: `oops (${errorId})` } },
    outcome: { ok: code === 0, code, ...(errorId ? { errorId } : {}) },
    ms: 2,
  });
  const text = buildSummary({
    target: "in-process mock",
    transport: "grpc",
    cases: [
      { file, name, state: "failed", errors: ["expected code 5 · QUERY-Rph32"] },
      { file, name: "GetOrgMetadata > other", state: "passed", errors: [] },
    ],
    log: [
      grpcExchange("GetOrgMetadata > other", 16, "AUTH-7fs1e"),
      grpcExchange("GetOrgMetadata > other", 5, "QUERY-Rph32"),
      grpcExchange(name, 0),
      { kind: "expectation", file, test: name, expected: "code 5 · QUERY-Rph32" },
    ],
    specOperations: [],
    root: "/repo",
  });

  it("names the transport and lists gRPC codes and error ids per operation, in code order", () => {
    expect(text).toContain("- Transport: gRPC (@zitadel/node, zitadel.management.v1.ManagementService)");
    expect(text).toContain("| gRPC code | error id | exchanges | cases passed | cases failed |");
    const rows = ["| 0 OK | — | 1 | 0 | 1 |", "| 5 NOT_FOUND | QUERY-Rph32 | 1 | 1 | 0 |", "| 16 UNAUTHENTICATED | AUTH-7fs1e | 1 | 1 | 0 |"];
    expect(rows.map((row) => text.indexOf(row))).toEqual([...rows.map((row) => text.indexOf(row))].sort((a, b) => a - b));
    for (const row of rows) expect(text).toContain(row);
    expect(text).not.toContain("| HTTP |");
  });

  it("shows a failure with the call, its metadata and the gRPC status", () => {
    expect(text).toContain("Call (ManagementService_GetOrgMetadata): `gRPC /zitadel.management.v1.ManagementService/GetOrgMetadata`");
    expect(text).toContain("Expected: code 5 · QUERY-Rph32");
    expect(text).toContain("Actual response: gRPC status 0 OK");
  });
});

describe("a run where no case ran", () => {
  const skipped = cases.map((c): CaseResult => ({ ...c, state: "skipped", errors: [] }));

  it("is not a PASS: every case skipped (a -t filter that matched none), or none found", () => {
    for (const none of [skipped, []]) {
      const text = buildSummary({ target: "in-process mock", cases: none, log: [], specOperations: [] });
      expect(text).toMatch(/^# Contract suite: NO CASE RAN$/m);
      expect(text).toContain("; no case ran: a test-name filter (-t), a file filter or --cases matched none, or every case was skipped");
      expect(ranNoCase(none)).toBe(true);
    }
  });

  it("is told apart from a run where one case passed and the rest were skipped", () => {
    const onePassed = [...skipped.slice(1), cases[0]!];
    expect(ranNoCase(onePassed)).toBe(false);
    expect(buildSummary({ target: "in-process mock", cases: onePassed, log: [], specOperations: [] })).toMatch(/^# Contract suite: PASS$/m);
  });
});
