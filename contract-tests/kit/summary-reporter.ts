/**
 * vitest reporter of a contract run (run-contract.ts adds it next to the default and junit reporters):
 * collects the case results, writes the summary (contract-summary.md, contract-summary-grpc.md) from
 * them and from the exchange log the workers wrote, and keeps the results for the runner (exit code,
 * drift check).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Reporter, TestModule } from "vitest/node";
import { loadSpecConformance } from "./conformance.js";
import { readExchangeLog } from "./recorder.js";
import { buildSummary, type CaseResult } from "./summary.js";
import type { TransportName } from "./transport.js";

export interface SummaryReporterOptions {
  /** One line naming the target (never a token). */
  target: string;
  transport: TransportName;
  runPrefix: string;
  /** Where the workers write the exchange log. */
  exchangeDir: string;
  /** The summary file to write; none: results only. */
  summaryFile?: string;
  /** Values scrubbed from the summary (tokens). */
  secrets: string[];
  /** Paths are shown relative to this directory. */
  root: string;
}

export interface RunResults {
  cases: CaseResult[];
  /** Errors outside any case (hooks such as teardown, collection, unhandled). */
  otherErrors: string[];
}

export class ContractSummaryReporter implements Reporter {
  results: RunResults = { cases: [], otherErrors: [] };

  constructor(private readonly options: SummaryReporterOptions) {}

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>): Promise<void> {
    this.results = collectResults(testModules, unhandledErrors);
    const { summaryFile, ...options } = this.options;
    if (!summaryFile) return;
    const summary = buildSummary({
      target: options.target,
      transport: options.transport,
      runPrefix: options.runPrefix,
      cases: this.results.cases,
      log: readExchangeLog(options.exchangeDir),
      specOperations: (await loadSpecConformance()).operationIds(),
      otherErrors: this.results.otherErrors,
      secrets: options.secrets,
      root: options.root,
    });
    mkdirSync(dirname(summaryFile), { recursive: true });
    writeFileSync(summaryFile, summary);
  }
}

/** The cases of a run with their outcome; a case its file never ran (its setup failed) says so. */
export function collectResults(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>): RunResults {
  const cases: CaseResult[] = [];
  const otherErrors: string[] = unhandledErrors.map((e) => e.message ?? String(e));
  for (const module of testModules) {
    // Errors of hooks (e.g. setup in beforeAll, teardown in afterAll) and of collection belong to the module or a suite.
    const moduleErrors = module.errors().map((error) => `${module.relativeModuleId}: ${error.message}`);
    for (const suite of module.children.allSuites()) {
      for (const error of suite.errors()) moduleErrors.push(`${module.relativeModuleId} › ${suite.fullName}: ${error.message}`);
    }
    otherErrors.push(...moduleErrors);
    for (const test of module.children.allTests()) {
      const result = test.result();
      const note =
        result.state === "skipped" || result.state === "pending"
          ? ((result.state === "skipped" ? result.note : undefined) ?? (moduleErrors.length > 0 ? "not run: the setup of this file failed (see Failures)" : "skipped without a reason"))
          : undefined;
      cases.push({
        file: module.moduleId,
        name: test.fullName,
        state: result.state,
        errors: result.state === "failed" ? result.errors.map((e) => e.message) : [],
        ...(note ? { note } : {}),
      });
    }
  }
  return { cases, otherErrors: [...new Set(otherErrors)] };
}
