/**
 * The contract command: `npm run contract [-- <options>]`, and `zitadel-mock contract [<options>]`
 * (the package CLI calls `runContract`). Runs the contract cases against the target of the environment
 * (CONTRACT_BASE_URL, else the in-process mock) over CONTRACT_TRANSPORT (rest, the default, or grpc):
 *
 * 1. removes this transport's reports of an earlier run from CONTRACT_REPORT_DIR (default `<cwd>/reports`);
 * 2. refuses a configuration that would write without consent (exit 2, the cause in the summary);
 * 3. against a remote target, a preflight (GetMyOrg, short timeout): unreachable, TLS, a rejected
 *    token or an unknown org stop the run with the cause and the fix (exit 2, no case run);
 * 4. runs vitest in this process, writing contract-junit.xml, contract-summary.md and exchanges/
 *    (over gRPC: contract-junit-grpc.xml, contract-summary-grpc.md, exchanges-grpc/);
 * 5. with `--compare`, runs the same cases against the bundled mock (into `<report dir>/mock/`) and
 *    writes the drift report contract-compare.md + contract-compare-junit.xml (exit 1 on any difference).
 *
 * `--cases <glob>` adds a team's own case files (see docs/examples/). Other arguments go to vitest.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { readContractArgs, usageError } from "./contract-args.js";
import { compareReportFiles, compareRuns, writeCompareReports } from "./kit/compare.js";
import {
  CONTRACT_ENV,
  ContractConfigError,
  describeTargetConfig,
  reportDir as reportDirOf,
  reportFiles,
  resolveTargetConfig,
  resolveTransport,
  secretsOf,
  type Env,
  type TargetConfig,
} from "./kit/env.js";
import { newRunPrefix } from "./kit/keys.js";
import { preflight, type SetupFailure } from "./kit/preflight.js";
import { readExchangeLog, scrubSecrets } from "./kit/recorder.js";
import type { VitestRunResult } from "./kit/run-vitest.js";
import { buildSetupFailureSummary, NO_CASE_RAN, ranNoCase } from "./kit/summary.js";
import { startSharedMock } from "./kit/target.js";
import { TRANSPORT_NAMES, type TransportName } from "./kit/transport.js";

export interface RunContractOptions {
  /** Base of the report directory, of `--cases` globs and of `--fixtures`. Default: process.cwd(). */
  cwd?: string;
  /** The environment to read CONTRACT_* (and ZITADEL_MOCK_FIXTURES) from. Default: process.env. */
  env?: Env;
  /** Where the runner's own lines go. Default: console.log / console.error. */
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/** Exit codes: 0 all passed (and, with --compare, no difference); 1 failures, differences or no case run; 2 not started. */
export const EXIT = { ok: 0, failed: 1, notStarted: 2 } as const;

export async function runContract(argv: readonly string[], options: RunContractOptions = {}): Promise<number> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const out = options.out ?? ((line: string) => console.log(line));
  const err = options.err ?? ((line: string) => console.error(line));
  const secrets = secretsOf(env);
  const scrub = (text: string) => scrubSecrets(text, secrets);
  const dir = resolve(cwd, reportDirOf(env));

  const read = await readContractArgs(argv, { env, out, err, usageExitCode: EXIT.notStarted });
  if ("exitCode" in read) return read.exitCode;
  const own = read.args;
  if (own.mockEnv !== undefined) {
    const { mockEnvLines } = await import("./kit/mock-env.js");
    try {
      out(mockEnvLines(own.mockEnv, own.fixtures === undefined ? undefined : resolve(cwd, own.fixtures)));
    } catch (error) {
      // A fixture file that does not load (FixtureError names the file and the field) or lacks a token the suite needs.
      err(usageError((error as Error).message));
      return EXIT.notStarted;
    }
    return EXIT.ok;
  }

  let config: TargetConfig;
  let transport: TransportName;
  try {
    transport = resolveTransport(env);
  } catch (error) {
    removeStaleReports(dir, TRANSPORT_NAMES);
    return refuse(error, undefined);
  }
  removeStaleReports(dir, [transport]);
  try {
    config = resolveTargetConfig(env);
  } catch (error) {
    return refuse(error, transport);
  }

  function refuse(error: unknown, transportName: TransportName | undefined): number {
    if (!(error instanceof ContractConfigError)) throw error;
    err(`contract suite not started: ${scrub(error.message)}`);
    if (transportName) {
      writeSummary(transportName, "(not started)", { kind: "not-zitadel", cause: error.message, fix: "see the cause" });
    }
    return EXIT.notStarted;
  }

  function writeSummary(transportName: TransportName, target: string, failure: SetupFailure): void {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, reportFiles(transportName).summary);
    writeFileSync(file, buildSetupFailureSummary({ target, transport: transportName, cause: failure.cause, fix: failure.fix, secrets }));
    err(`Summary: ${shown(cwd, file)}`);
  }

  const target = describeTargetConfig(config);
  const prefix = newRunPrefix();
  out(`contract suite against ${target}, over ${transport}; keys prefixed ${prefix}`);

  if (config.kind === "remote") {
    const started = performance.now();
    const check = await preflight(config, transport);
    if (!check.ok) {
      err(`contract suite not started: setup failed after ${Math.round(performance.now() - started)} ms (no case ran)`);
      err(`  cause: ${scrub(check.failure.cause)}`);
      err(`  fix:   ${check.failure.fix}`);
      writeSummary(transport, target, check.failure);
      return EXIT.notStarted;
    }
  }

  const { runContractCases } = await import("./kit/run-vitest.js");
  const run = async (runDir: string, runTarget: string, runEnv: Record<string, string>, inProcess: boolean) => {
    // One in-process mock for the whole run, not one per case file.
    const mock = inProcess ? await startSharedMock() : undefined;
    try {
      return await runContractCases({
      cwd,
      reportDir: runDir,
      target: runTarget,
      transport,
      runPrefix: prefix,
      env: runEnv,
      userCases: own.cases,
      onlyUserCases: own.onlyCases,
      filters: own.vitest.filter,
      vitestOptions: own.vitest.options,
      secrets,
      ...(mock ? { sharedMock: mock.shared } : {}),
    });
    } finally {
      await mock?.stop();
    }
  };

  const files = reportFiles(transport);
  const onTarget = await run(dir, target, targetEnv(env), config.kind === "in-process");
  out(`\nJUnit:   ${shown(cwd, join(dir, files.junit))}\nSummary: ${shown(cwd, join(dir, files.summary))}`);
  if (ranNoCase(onTarget.cases)) err(`contract suite: ${NO_CASE_RAN} (exit 1)`);
  if (!own.compare) return onTarget.exitCode === 0 ? EXIT.ok : EXIT.failed;

  out(`\n-- drift check: the same cases against the bundled mock, over ${transport}`);
  const mockDir = join(dir, "mock");
  const onMock = await run(mockDir, describeTargetConfig({ kind: "in-process" }), mockEnv(), true);
  const comparison = compareRuns({
    cwd,
    target: { label: target, ...resultsWithLog(onTarget, dir, transport) },
    mock: { label: "bundled mock", ...resultsWithLog(onMock, mockDir, transport) },
  });
  const reports = compareReportFiles(dir, transport);
  writeCompareReports(comparison, reports, { target, transport, secrets });
  const differing = comparison.rows.filter((row) => !row.same).length;
  const notCompared = comparison.rows.filter((row) => row.notCompared !== undefined).length;
  out(
    `\nDrift check: ${differing === 0 ? "no difference" : `${differing} case(s) differ`} between the target and the bundled mock ` +
      `(${comparison.rows.length} cases${notCompared > 0 ? `, ${notCompared} not compared: skipped on the target` : ""})\nReport:  ${shown(cwd, reports.markdown)}\nJUnit:   ${shown(cwd, reports.junit)}`,
  );
  return differing === 0 && onTarget.exitCode === 0 && onMock.exitCode === 0 ? EXIT.ok : EXIT.failed;
}

function resultsWithLog(result: VitestRunResult, dir: string, transport: TransportName) {
  return { cases: result.cases, otherErrors: result.otherErrors, log: readExchangeLog(join(dir, reportFiles(transport).exchanges)) };
}

/** The CONTRACT_* variables of the target, for the workers. */
function targetEnv(env: Env): Record<string, string> {
  return Object.fromEntries(Object.keys(CONTRACT_ENV).flatMap((name) => (env[name] === undefined ? [] : [[name, env[name] as string]])));
}

/** The bundled mock in-process: every variable that names a remote target emptied (empty counts as unset). */
function mockEnv(): Record<string, string> {
  return Object.fromEntries(Object.keys(CONTRACT_ENV).filter((name) => name !== "CONTRACT_TRANSPORT").map((name) => [name, ""]));
}

/** Removes the reports an earlier run over these transports left, so no stale PASS survives a refused run. */
export function removeStaleReports(dir: string, transports: readonly TransportName[]): void {
  for (const transport of transports) {
    const files = reportFiles(transport);
    const compare = compareReportFiles(dir, transport);
    const stale = [dir, join(dir, "mock")].flatMap((base) => [files.junit, files.summary, files.exchanges].map((name) => join(base, name)));
    for (const path of [...stale, compare.markdown, compare.junit]) rmSync(path, { recursive: true, force: true });
  }
}

const shown = (cwd: string, file: string) => (relative(cwd, file).startsWith("..") ? file : relative(cwd, file));

// `tsx contract-tests/run-contract.ts` (npm run contract) and `node dist/contract-tests/run-contract.js`.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runContract(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(EXIT.notStarted);
    },
  );
}
