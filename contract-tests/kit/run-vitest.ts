/**
 * One vitest run of the contract cases, with the configuration built here (no vitest.config file is
 * read): the kit's case files and the user's (`--cases`), the default, junit and summary reporters,
 * and the variables the workers read. Works from the repository (tsx, `.ts` cases) and compiled
 * (`dist/contract-tests`, `.js` cases) from any working directory.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestUserConfig } from "vitest/node";
import { reportFiles } from "./env.js";
import { exchangeDir } from "./recorder.js";
import { ranNoCase } from "./summary.js";
import { ContractSummaryReporter, type RunResults } from "./summary-reporter.js";
import type { SharedMock } from "./target.js";
import type { TransportName } from "./transport.js";

const KIT_DIR = dirname(fileURLToPath(import.meta.url));
/** `.ts` in the repository, `.js` when compiled. */
const EXT = fileURLToPath(import.meta.url).endsWith(".ts") ? "ts" : "js";

/** The kit's own cases. */
export const KIT_CASES = join(KIT_DIR, "..", "cases", `**/*.contract.test.${EXT}`);
/** The public module user cases import (`zitadel-mock/contract`), aliased to this kit so they share its state. */
export const KIT_ENTRY = join(KIT_DIR, `index.${EXT}`);

export interface VitestRunOptions {
  /** Working directory: root of the run, base of relative `--cases` globs. */
  cwd: string;
  /** Absolute report directory of this run. */
  reportDir: string;
  target: string;
  transport: TransportName;
  runPrefix: string;
  /** The in-process mock of this run, when the target is in-process. */
  sharedMock?: SharedMock;
  /** Variables for the workers (the target config); CONTRACT_* of this run are added here. */
  env: Record<string, string>;
  /** Globs of the user's case files, relative to cwd or absolute. */
  userCases: string[];
  /** Run only the user's cases. */
  onlyUserCases?: boolean;
  /** vitest's own CLI filters and options (e.g. `--reporter=json --outputFile.json=...`). */
  filters: string[];
  vitestOptions: TestUserConfig;
  secrets: string[];
}

export interface VitestRunResult extends RunResults {
  /** vitest's exit code (non-zero on failed cases, errors, or no test files), and 1 when no case ran (`ranNoCase`). */
  exitCode: number;
}

export async function runContractCases(options: VitestRunOptions): Promise<VitestRunResult> {
  const files = reportFiles(options.transport);
  const exchanges = exchangeDir(options.reportDir, options.transport);
  const summary = new ContractSummaryReporter({
    target: options.target,
    transport: options.transport,
    runPrefix: options.runPrefix,
    exchangeDir: exchanges,
    summaryFile: join(options.reportDir, files.summary),
    secrets: options.secrets,
    root: options.cwd,
  });
  const userGlobs = options.userCases.map((glob) => resolve(options.cwd, glob));
  // vitest's CLI parser names `--reporter` "reporter"; the config names it "reporters".
  const {
    reporters: configReporters,
    reporter: cliReporters,
    outputFile: extraOutput,
    ...vitestOptions
  } = options.vitestOptions as TestUserConfig & { reporter?: TestUserConfig["reporters"] };
  const extraReporters = [configReporters ?? [], cliReporters ?? []].flat();
  const config: TestUserConfig = {
    ...vitestOptions,
    root: options.cwd,
    config: false,
    watch: false,
    include: [...(options.onlyUserCases ? [] : [KIT_CASES]), ...userGlobs],
    // The kit's cases live in node_modules when the package is installed.
    exclude: [],
    passWithNoTests: false,
    // No results cache in the user's folder (vitest would create node_modules/.vite there).
    cache: false,
    // The case files share nothing but the kit's modules (each writes below its own key namespace): load them once per worker.
    isolate: vitestOptions.isolate ?? false,
    // A remote instance can be slow; a case of the kit makes a few dozen calls at most.
    testTimeout: vitestOptions.testTimeout ?? 30_000,
    hookTimeout: vitestOptions.hookTimeout ?? 120_000,
    reporters: ["default", "junit", summary, ...extraReporters],
    outputFile: { ...(typeof extraOutput === "object" ? extraOutput : {}), junit: join(options.reportDir, files.junit) },
    env: {
      ...options.env,
      CONTRACT_TRANSPORT: options.transport,
      CONTRACT_RECORD: "1",
      CONTRACT_RUN_PREFIX: options.runPrefix,
      CONTRACT_REPORT_DIR: options.reportDir,
    },
    provide: { contractRunPrefix: options.runPrefix, ...(options.sharedMock ? { contractMock: options.sharedMock } : {}) },
    alias: { "zitadel-mock/contract": KIT_ENTRY },
  } as TestUserConfig;

  const previousExitCode = process.exitCode;
  process.exitCode = undefined;
  let exitCode: number;
  try {
    // Loaded here: a run that stops in the preflight never pays for loading vitest.
    const { startVitest } = await import("vitest/node");
    const vitest = await startVitest("test", options.filters, config as never, { configFile: false } as never);
    await vitest.close();
    exitCode = Number(process.exitCode ?? 0);
  } finally {
    process.exitCode = previousExitCode;
  }
  const results = summary.results;
  if (ranNoCase(results.cases) && exitCode === 0) exitCode = 1;
  return { ...results, exitCode };
}
