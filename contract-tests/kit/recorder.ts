/**
 * The per-run exchange log: every request/response the transports make (and every expectation a case
 * declares), written by the test workers as JSON lines into <report dir>/exchanges/<pid>.jsonl and read
 * back by the summary reporter. Authorization values are redacted before anything is written.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { reportFiles } from "./env.js";
import type { TransportName } from "./transport.js";

export interface TestLocation {
  /** Test file, absolute path. */
  file?: string;
  /** Full test name ("describe > test"); absent in hooks. */
  test?: string;
}

export interface ExchangeRecord extends TestLocation {
  kind: "exchange";
  transport: string;
  /** operationId, or "(no operation)" for unmatched routes. */
  operation: string;
  /** REST: HTTP method, path and headers. gRPC: method "gRPC", the RPC path and the request metadata. */
  request: { method: string; url: string; headers: Record<string, string>; body?: unknown };
  /** `status` is the HTTP status (REST only); over gRPC the status code is in `outcome.code`. */
  response: { status?: number; body: unknown };
  outcome: { ok: boolean; code: number; errorId?: string };
  /** Set when the response did not match the spec. */
  conformance?: string;
  ms: number;
}

export interface ExpectationRecord extends TestLocation {
  kind: "expectation";
  expected: string;
}

export type LogRecord = ExchangeRecord | ExpectationRecord;

export interface Recorder {
  write(record: Omit<ExchangeRecord, keyof TestLocation> | Omit<ExpectationRecord, keyof TestLocation>): void;
}

export const nullRecorder: Recorder = { write() {} };

/** Where the workers of a run over `transport` write the exchange log: `exchanges/` (REST), `exchanges-grpc/`. */
export function exchangeDir(reportDir: string, transport: TransportName = "rest"): string {
  return join(reportDir, reportFiles(transport).exchanges);
}

/** Appends records of this process to <dir>/<pid>.jsonl; `locate` names the running test. */
export class JsonlRecorder implements Recorder {
  private readonly file: string;
  constructor(
    dir: string,
    private readonly locate: () => TestLocation = () => ({}),
  ) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, `${process.pid}.jsonl`);
  }

  write(record: Parameters<Recorder["write"]>[0]): void {
    appendFileSync(this.file, `${JSON.stringify({ ...this.locate(), ...record })}\n`);
  }
}

export function clearExchangeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

export function readExchangeLog(dir: string): LogRecord[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".jsonl"))
    .flatMap((name) =>
      readFileSync(join(dir, name), "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as LogRecord),
    );
}

/** `Bearer abc` -> `Bearer [redacted]`; anything else -> `[redacted]`. */
export function redactAuthorization(value: string): string {
  const scheme = /^(Bearer|Basic|bearer) /.exec(value)?.[1];
  return scheme ? `${scheme} [redacted]` : "[redacted]";
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, name.toLowerCase() === "authorization" ? redactAuthorization(value) : value]),
  );
}

/** Replaces every secret (of 4 characters or more) in `text` with `[redacted]`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length >= 4).reduce((out, secret) => out.split(secret).join("[redacted]"), text);
}

/** Shortens long strings (big metadata values) so the log stays readable. */
export function abbreviate(value: unknown, max = 300): unknown {
  if (typeof value === "string") return value.length > max ? `${value.slice(0, 60)}…(${value.length} chars)` : value;
  if (Array.isArray(value)) {
    const items = value.slice(0, 50).map((item) => abbreviate(item, max));
    return value.length > 50 ? [...items, `…(${value.length - 50} more)`] : items;
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, abbreviate(v, max)]));
  }
  return value;
}

let active: Recorder = nullRecorder;

/** The recorder of the running test file, for expectation records. */
export function activeRecorder(): Recorder {
  return active;
}

export function setActiveRecorder(recorder: Recorder): void {
  active = recorder;
}
