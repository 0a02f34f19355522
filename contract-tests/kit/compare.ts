/**
 * The drift check (`contract --compare`): the same cases ran against the target and against the
 * bundled mock; per case, the outcome and every response, normalised so that what legitimately
 * differs between two instances (ids, dates, sequences, org names) is masked. A case is "same" when
 * both outcomes and both sets of normalised responses are equal. A case the target skipped (it lacks
 * the extra the case needs, e.g. CONTRACT_READONLY_TOKEN) is not compared: the mock's outcome says
 * nothing about the target. Pure functions, plus the writer of contract-compare.md and
 * contract-compare-junit.xml.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createTwoFilesPatch } from "diff";
import { scrubSecrets, type ExchangeRecord, type LogRecord } from "./recorder.js";
import { shownPath, type CaseResult } from "./summary.js";
import type { TransportName } from "./transport.js";

export interface RunSide {
  label: string;
  cases: CaseResult[];
  otherErrors: string[];
  log: LogRecord[];
}

export interface CompareRow {
  /** Case file relative to the working directory. */
  file: string;
  name: string;
  target: string;
  mock: string;
  same: boolean;
  /** Why the case was not compared (the target skipped it), with the target's skip reason; not counted as a difference. */
  notCompared?: string;
  /** The normalised responses, one JSON text per side (only for differing cases). */
  targetResponses?: string;
  mockResponses?: string;
  /** Unified diff of the two (only for differing cases). */
  diff?: string;
}

export interface Comparison {
  targetLabel: string;
  rows: CompareRow[];
  /** Errors outside any case, per side (setup, teardown). */
  targetErrors: string[];
  mockErrors: string[];
}

/** Fields whose values differ between any two instances by design. */
const MASKED_FIELDS: Record<string, string> = {
  sequence: "<sequence>",
  processedSequence: "<sequence>",
  creationDate: "<date>",
  changeDate: "<date>",
  viewTimestamp: "<date>",
  resourceOwner: "<id>",
  id: "<id>",
  name: "<name>",
  primaryDomain: "<domain>",
};
const TIMESTAMP = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;
/** ZITADEL ids are snowflake-like decimal numbers of 18 digits. */
const ID = /\b\d{15,20}\b/g;

/** A response with the instance-specific values masked and lists in key order (ZITADEL has no ORDER BY). */
export function normalise(value: unknown, field?: string): unknown {
  if (field !== undefined && field in MASKED_FIELDS && (typeof value === "string" || typeof value === "number")) {
    return MASKED_FIELDS[field];
  }
  if (typeof value === "string") return value.replace(TIMESTAMP, "<date>").replace(ID, "<id>");
  if (Array.isArray(value)) {
    const items = value.map((item) => normalise(item));
    return items.every((item) => item !== null && typeof item === "object" && typeof (item as { key?: unknown }).key === "string")
      ? [...items].sort((a, b) => String((a as { key: string }).key).localeCompare(String((b as { key: string }).key)))
      : items;
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normalise(v, k)]),
    );
  }
  return value;
}

/** One exchange as compared: the call and the normalised response. */
export function normaliseExchange(exchange: ExchangeRecord): unknown {
  return {
    call: `${exchange.request.method} ${normalise(exchange.request.url) as string}`,
    ...(exchange.response.status === undefined ? {} : { httpStatus: exchange.response.status }),
    code: exchange.outcome.code,
    ...(exchange.outcome.errorId ? { errorId: exchange.outcome.errorId } : {}),
    body: normalise(exchange.response.body),
  };
}

export function compareRuns(input: { cwd: string; target: RunSide; mock: RunSide }): Comparison {
  const keyOf = (file: string, name: string) => `${shownPath(input.cwd, file)}::${name}`;
  const responsesOf = (side: RunSide) => {
    const byCase = new Map<string, string[]>();
    for (const record of side.log) {
      if (record.kind !== "exchange" || record.test === undefined || record.file === undefined) continue;
      const key = keyOf(record.file, record.test);
      byCase.set(key, [...(byCase.get(key) ?? []), JSON.stringify(normaliseExchange(record))]);
    }
    // Cases may send calls concurrently: compare the set of exchanges, in a stable order.
    return new Map([...byCase].map(([key, list]) => [key, `[\n${list.sort().map((line) => `  ${line}`).join(",\n")}\n]`]));
  };
  const targetResponses = responsesOf(input.target);
  const mockResponses = responsesOf(input.mock);
  const states = (side: RunSide) => new Map(side.cases.map((c) => [keyOf(c.file, c.name), c]));
  const targetCases = states(input.target);
  const mockCases = states(input.mock);

  const rows: CompareRow[] = [];
  for (const key of new Set([...targetCases.keys(), ...mockCases.keys()])) {
    const [file, name] = key.split("::") as [string, string];
    const t = targetCases.get(key);
    const m = mockCases.get(key);
    const tr = targetResponses.get(key) ?? "[]";
    const mr = mockResponses.get(key) ?? "[]";
    const target = outcome(t, targetResponses.get(key));
    const mock = outcome(m, mockResponses.get(key));
    if (t?.state === "skipped") {
      rows.push({ file, name, target, mock, same: true, notCompared: `skipped on the target${t.note ? `: ${t.note}` : ""}` });
      continue;
    }
    const same = t?.state === m?.state && tr === mr;
    rows.push({
      file,
      name,
      target,
      mock,
      same,
      ...(same
        ? {}
        : {
            targetResponses: pretty(tr),
            mockResponses: pretty(mr),
            diff: createTwoFilesPatch(input.target.label, input.mock.label, `${pretty(tr)}\n`, `${pretty(mr)}\n`, "", "", { context: 3 })
              .split("\n")
              .slice(2)
              .join("\n"),
          }),
    });
  }
  return { targetLabel: input.target.label, rows, targetErrors: input.target.otherErrors, mockErrors: input.mock.otherErrors };
}

function outcome(c: CaseResult | undefined, responses: string | undefined): string {
  if (!c) return "not run";
  const count = responses ? (JSON.parse(responses) as unknown[]).length : 0;
  return `${c.state}${c.state === "skipped" ? "" : ` (${count} response${count === 1 ? "" : "s"})`}`;
}

function pretty(list: string): string {
  return JSON.stringify(JSON.parse(list), null, 2);
}

export function compareReportFiles(dir: string, transport: TransportName): { markdown: string; junit: string } {
  const suffix = transport === "rest" ? "" : `-${transport}`;
  return { markdown: join(dir, `contract-compare${suffix}.md`), junit: join(dir, `contract-compare-junit${suffix}.xml`) };
}

export function compareMarkdown(comparison: Comparison, context: { target: string; transport: TransportName }): string {
  const differing = comparison.rows.filter((row) => !row.same);
  const notCompared = comparison.rows.filter((row) => row.notCompared !== undefined);
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = [
    `# Drift check: ${differing.length === 0 ? "NO DIFFERENCE" : `${differing.length} DIFFERENCE${differing.length === 1 ? "" : "S"}`}`,
    "",
    `- Target: ${context.target}`,
    "- Compared with: the bundled mock (in-process, fixtures/default.json)",
    `- Transport: ${context.transport}`,
    `- Cases: ${comparison.rows.length}, same: ${comparison.rows.length - differing.length - notCompared.length}, different: ${differing.length}` +
      (notCompared.length > 0 ? `, not compared: ${notCompared.length} (skipped on the target, which lacks the variable each names)` : ""),
    "- Masked before comparing: ids, dates, sequences, org names and domains; lists are compared in key order",
    "",
    "| case | target | mock | same? |",
    "|---|---|---|---|",
    ...comparison.rows.map((row) => `| ${cell(`${row.file} › ${row.name}`)} | ${row.target} | ${row.mock} | ${row.notCompared !== undefined ? `not compared (${cell(row.notCompared)})` : row.same ? "yes" : "**no**"} |`),
    "",
  ];
  if (differing.length > 0) {
    lines.push("## Differences", "");
    for (const row of differing) {
      lines.push(
        `### ${row.file} › ${row.name}`,
        "",
        `Target: ${row.target}; mock: ${row.mock}.`,
        "",
        "Difference (- target, + mock):",
        "",
        fence(row.diff ?? "", "diff"),
        "",
        "<details><summary>Normalised responses of the target</summary>",
        "",
        fence(row.targetResponses ?? "", "json"),
        "",
        "</details>",
        "",
        "<details><summary>Normalised responses of the mock</summary>",
        "",
        fence(row.mockResponses ?? "", "json"),
        "",
        "</details>",
        "",
      );
    }
  }
  for (const [side, errors] of [
    ["target", comparison.targetErrors],
    ["mock", comparison.mockErrors],
  ] as const) {
    if (errors.length > 0) lines.push(`## Errors outside any case (${side})`, "", ...errors.map((error) => fence(error)), "");
  }
  return lines.join("\n");
}

export function compareJunit(comparison: Comparison): string {
  const differing = comparison.rows.filter((row) => !row.same);
  const skipped = comparison.rows.filter((row) => row.notCompared !== undefined).length;
  const cases = comparison.rows.map((row) => {
    const open = `    <testcase classname="${xml(row.file)}" name="${xml(row.name)}">`;
    if (row.notCompared !== undefined) return `${open}\n      <skipped message="${xml(`not compared: ${row.notCompared}`)}"/>\n    </testcase>`;
    if (row.same) return `${open}</testcase>`;
    return `${open}\n      <failure message="${xml(`target: ${row.target}; mock: ${row.mock}`)}">${xml(row.diff ?? "")}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    `<testsuites name="contract drift check" tests="${comparison.rows.length}" failures="${differing.length}" skipped="${skipped}">`,
    `  <testsuite name="target vs bundled mock" tests="${comparison.rows.length}" failures="${differing.length}" skipped="${skipped}">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

export function writeCompareReports(
  comparison: Comparison,
  files: { markdown: string; junit: string },
  context: { target: string; transport: TransportName; secrets: string[] },
): void {
  const scrub = (text: string) => scrubSecrets(text, context.secrets);
  mkdirSync(dirname(files.markdown), { recursive: true });
  writeFileSync(files.markdown, scrub(compareMarkdown(comparison, context)));
  writeFileSync(files.junit, scrub(compareJunit(comparison)));
}

function fence(text: string, lang = ""): string {
  return `\`\`\`${lang}\n${text}\n\`\`\``;
}

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
