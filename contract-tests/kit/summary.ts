/**
 * The readable summary of a contract run (reports/contract-summary.md, or contract-summary-grpc.md):
 * the transport; per operation, which HTTP statuses (REST), gRPC codes and ZITADEL error ids were
 * exercised and in how many passed/failed cases; the skipped cases with their reason; and for each
 * failure the request, the expected and the actual response. Tokens never appear: headers are redacted
 * when recorded and known secrets are scrubbed here.
 */
import { relative } from "node:path";
import { PACKAGE_ROOT } from "../../src/package-root.js";
import { scrubSecrets, type ExchangeRecord, type LogRecord } from "./recorder.js";
import type { TransportName } from "./transport.js";

/** The names of the gRPC status codes, by number. */
const GRPC_CODE_NAMES = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
];

/** `5 NOT_FOUND`. */
export function grpcCode(code: number): string {
  const name = GRPC_CODE_NAMES[code];
  return name ? `${code} ${name}` : String(code);
}

const TRANSPORT_TITLES: Record<TransportName, string> = {
  rest: "REST (grpc-gateway JSON under /management/v1)",
  grpc: "gRPC (@zitadel/node, zitadel.management.v1.ManagementService)",
};

export interface CaseResult {
  /** Absolute path of the test file. */
  file: string;
  /** "describe > test" */
  name: string;
  state: "passed" | "failed" | "skipped" | "pending";
  errors: string[];
  /** Why a case was skipped. */
  note?: string;
}

export interface SummaryInput {
  target: string;
  /** The transport the cases ran over; default rest. */
  transport?: TransportName;
  runPrefix?: string;
  cases: CaseResult[];
  log: LogRecord[];
  /** operationIds in the spec, to list those never exercised. */
  specOperations: string[];
  /** Errors outside any case (hooks, teardown, collection). */
  otherErrors?: string[];
  /** Values that must not appear in the report (tokens). */
  secrets?: string[];
  /** Paths are shown relative to this directory. */
  root?: string;
}

interface OutcomeRow {
  exchanges: number;
  passed: Set<string>;
  failed: Set<string>;
}

/** True when no case passed or failed: each was skipped, or the filters and globs found none. */
export const ranNoCase = (cases: readonly CaseResult[]): boolean => !cases.some(({ state }) => state === "passed" || state === "failed");

/** Why a run ran no case, as the summary and the runner say it. */
export const NO_CASE_RAN = "no case ran: a test-name filter (-t), a file filter or --cases matched none, or every case was skipped";

export function buildSummary(input: SummaryInput): string {
  const root = input.root ?? process.cwd();
  const caseKey = (file: string | undefined, name: string | undefined) => `${file ?? ""}::${name ?? ""}`;
  const states = new Map(input.cases.map((c) => [caseKey(c.file, c.name), c.state]));
  const exchanges = input.log.filter((r): r is ExchangeRecord => r.kind === "exchange");
  const count = (state: CaseResult["state"]) => input.cases.filter((c) => c.state === state).length;
  const failedCases = input.cases.filter((c) => c.state === "failed");
  const otherErrors = input.otherErrors ?? [];
  const transport = input.transport ?? "rest";
  const grpc = transport === "grpc";

  // A run where every case was skipped or none was found proves nothing: not a PASS.
  const verdict = failedCases.length > 0 || otherErrors.length > 0 ? "FAIL" : ranNoCase(input.cases) ? "NO CASE RAN" : "PASS";
  const lines: string[] = [
    `# Contract suite: ${verdict}`,
    "",
    `- Target: ${input.target}`,
    `- Transport: ${TRANSPORT_TITLES[transport]}`,
    `- Result: **${verdict}** — ${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped (${input.cases.length} contract cases, ${exchanges.length} exchanges)` +
      (verdict === "NO CASE RAN" ? `; ${NO_CASE_RAN}` : ""),
    ...(input.runPrefix ? [`- Key prefix of this run: \`${input.runPrefix}\``] : []),
    "",
    "## Operations",
    "",
    "Each row is one outcome seen on the wire; the counts are the cases that saw it.",
    "",
  ];

  const byOperation = new Map<string, Map<string, OutcomeRow>>();
  for (const exchange of exchanges) {
    const rows = byOperation.get(exchange.operation) ?? new Map<string, OutcomeRow>();
    byOperation.set(exchange.operation, rows);
    const errorId = exchange.outcome.errorId ?? "—";
    const outcome = grpc
      ? `| ${grpcCode(exchange.outcome.code)} | ${errorId} |`
      : `| ${exchange.response.status ?? "—"} | ${exchange.outcome.code} | ${errorId} |`;
    const row = rows.get(outcome) ?? { exchanges: 0, passed: new Set(), failed: new Set() };
    rows.set(outcome, row);
    row.exchanges += 1;
    const key = caseKey(exchange.file, exchange.test);
    const state = exchange.test === undefined ? undefined : states.get(key);
    if (state === "passed") row.passed.add(key);
    if (state === "failed") row.failed.add(key);
  }
  const operations = [...new Set([...input.specOperations, ...byOperation.keys()])];
  for (const operation of operations) {
    const rows = byOperation.get(operation);
    lines.push(`### ${operation}`, "");
    if (!rows) {
      lines.push("Not exercised.", "");
      continue;
    }
    lines.push(
      ...(grpc
        ? ["| gRPC code | error id | exchanges | cases passed | cases failed |", "|---|---|---|---|---|"]
        : ["| HTTP | code | error id | exchanges | cases passed | cases failed |", "|---|---|---|---|---|---|"]),
    );
    for (const [outcome, row] of [...rows].sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))) {
      lines.push(`${outcome} ${row.exchanges} | ${row.passed.size} | ${row.failed.size} |`);
    }
    lines.push("");
  }

  const skipped = input.cases.filter((c) => c.state === "skipped");
  if (skipped.length > 0) {
    lines.push("## Skipped cases", "");
    for (const c of skipped) lines.push(`- ${shownPath(root, c.file)} › ${c.name}${c.note ? ` — ${c.note}` : ""}`);
    lines.push("");
  }

  if (failedCases.length > 0 || otherErrors.length > 0) {
    lines.push("## Failures", "");
    for (const c of failedCases) {
      const records = input.log.filter((r) => r.file === c.file && r.test === c.name);
      lines.push(...describeFailure(c, records, root));
    }
    for (const error of otherErrors) lines.push("### Outside any case", "", fence(error), "");
  }

  return scrubSecrets(lines.join("\n"), input.secrets ?? []);
}

/** The summary of a run that stopped before any case: what was tried, the cause and the fix. */
export function buildSetupFailureSummary(input: { target: string; transport: TransportName; cause: string; fix: string; secrets?: string[] }): string {
  const lines = [
    "# Contract suite: NOT RUN (setup failed)",
    "",
    `- Target: ${input.target}`,
    `- Transport: ${TRANSPORT_TITLES[input.transport]}`,
    "- Result: **NOT RUN** — the target failed the preflight (GetMyOrg), so no contract case ran",
    `- Cause: ${input.cause}`,
    `- Fix: ${input.fix}`,
    "",
  ];
  return scrubSecrets(lines.join("\n"), input.secrets ?? []);
}

function describeFailure(c: CaseResult, records: LogRecord[], root: string): string[] {
  // The failing assertion is the last one: the last exchange, and the expectation declared after it (if any).
  const at = records.findLastIndex((r) => r.kind === "exchange");
  const lastExchange = at >= 0 ? (records[at] as ExchangeRecord) : undefined;
  const expectation = records.slice(at + 1).find((r) => r.kind === "expectation");
  const out = [`### ${shownPath(root, c.file)} › ${c.name}`, "", "Error:", "", fence(c.errors.join("\n\n") || "(no message)"), ""];
  if (expectation?.kind === "expectation") out.push(`Expected: ${expectation.expected}`, "");
  if (lastExchange) {
    const { request, response } = lastExchange;
    const grpc = lastExchange.transport === "grpc";
    const actual = grpc ? `gRPC status ${grpcCode(lastExchange.outcome.code)}` : `HTTP ${response.status ?? "—"}`;
    out.push(
      `${grpc ? "Call" : "Request"} (${lastExchange.operation}): \`${request.method} ${request.url}\``,
      "",
      fence(Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`).join("\n") || "(no headers)"),
      ...(request.body === undefined ? [] : ["", fence(JSON.stringify(request.body, null, 2), "json")]),
      "",
      `Actual response: ${actual}`,
      "",
      fence(JSON.stringify(response.body, null, 2), "json"),
      "",
    );
    if (lastExchange.conformance) out.push(`Spec conformance: ${lastExchange.conformance}`, "");
  } else {
    out.push("(no request recorded for this case)", "");
  }
  return out;
}

/** A case file as reports show it: relative to the working directory, else to the package (the kit's own files). */
export function shownPath(cwd: string, file: string): string {
  for (const base of [cwd, PACKAGE_ROOT]) {
    const path = relative(base, file);
    if (!path.startsWith("..")) return path;
  }
  return file;
}

function fence(text: string, lang = ""): string {
  const limited = text.split("\n").slice(0, 60).join("\n");
  return `\`\`\`${lang}\n${limited}\n\`\`\``;
}
