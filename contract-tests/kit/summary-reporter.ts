/**
 * vitest reporter that writes <report dir>/contract-summary.md (contract-summary-grpc.md over gRPC)
 * from the test results and the exchange log the workers wrote. `npm run contract` adds it next to the
 * default and junit reporters.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Reporter, TestModule } from "vitest/node";
import { loadSpecConformance } from "./conformance.js";
import { describeTargetConfig, reportDir, reportFiles, resolveTargetConfig, resolveTransport } from "./env.js";
import { exchangeDir, readExchangeLog } from "./recorder.js";
import { buildSummary, type CaseResult } from "./summary.js";
import type { TransportName } from "./transport.js";

export default class ContractSummaryReporter implements Reporter {
  async onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>): Promise<void> {
    const dir = resolve(reportDir(process.env));
    const cases: CaseResult[] = [];
    const otherErrors: string[] = unhandledErrors.map((e) => e.message ?? String(e));
    for (const module of testModules) {
      // Errors of hooks (e.g. teardown in afterAll) and of collection belong to the module or a suite.
      for (const error of module.errors()) otherErrors.push(`${module.relativeModuleId}: ${error.message}`);
      for (const suite of module.children.allSuites()) {
        for (const error of suite.errors()) otherErrors.push(`${module.relativeModuleId} › ${suite.fullName}: ${error.message}`);
      }
      for (const test of module.children.allTests()) {
        const result = test.result();
        cases.push({
          file: module.moduleId,
          name: test.fullName,
          state: result.state,
          errors: result.state === "failed" ? result.errors.map((e) => e.message) : [],
          ...(result.state === "skipped" && result.note ? { note: result.note } : {}),
        });
      }
    }

    let target: string;
    let transport: TransportName = "rest";
    try {
      target = describeTargetConfig(resolveTargetConfig(process.env));
      transport = resolveTransport(process.env);
    } catch (error) {
      target = `(invalid configuration: ${(error as Error).message})`;
    }
    const summary = buildSummary({
      target,
      transport,
      ...(process.env.CONTRACT_RUN_PREFIX ? { runPrefix: process.env.CONTRACT_RUN_PREFIX } : {}),
      cases,
      log: readExchangeLog(exchangeDir(dir, transport)),
      specOperations: (await loadSpecConformance()).operationIds(),
      otherErrors: [...new Set(otherErrors)],
      secrets: ["CONTRACT_TOKEN", "CONTRACT_READONLY_TOKEN", "CONTRACT_NO_MEMBERSHIP_TOKEN"].flatMap((name) => process.env[name] ?? []),
    });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, reportFiles(transport).summary), summary);
  }
}
