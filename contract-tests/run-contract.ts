/**
 * `npm run contract [-- <vitest options>]`: runs the contract suite (remote when CONTRACT_BASE_URL is
 * set, else the in-process mock) and writes, into CONTRACT_REPORT_DIR (default reports/):
 *   contract-junit.xml    JUnit XML for CI
 *   contract-summary.md   per operation the statuses and error ids exercised; failures with request,
 *                         expected and actual response (tokens redacted)
 *   exchanges/*.jsonl     every request/response of the run (tokens redacted)
 * Exits non-zero when a case fails or the configuration is refused.
 */
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CONTRACT_ENV, ContractConfigError, describeTargetConfig, reportDir, resolveTargetConfig } from "./kit/env.js";
import { newRunPrefix } from "./kit/keys.js";
import { clearExchangeDir, exchangeDir } from "./kit/recorder.js";
import { SUMMARY_FILE } from "./kit/summary-reporter.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);

if (args.includes("--help") || args.includes("-h")) {
  console.log("npm run contract [-- <vitest options>]\n\nEnvironment:");
  for (const [name, text] of Object.entries(CONTRACT_ENV)) console.log(`  ${name.padEnd(30)} ${text}`);
  process.exit(0);
}

let target: string;
try {
  target = describeTargetConfig(resolveTargetConfig(process.env));
} catch (error) {
  if (!(error instanceof ContractConfigError)) throw error;
  console.error(`contract suite not started: ${error.message}`);
  process.exit(2);
}

const dir = resolve(root, reportDir(process.env));
mkdirSync(dir, { recursive: true });
clearExchangeDir(exchangeDir(dir));
const junit = join(dir, "contract-junit.xml");
const prefix = newRunPrefix();
console.log(`contract suite against ${target}; keys prefixed ${prefix}`);

const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
const child = spawn(
  process.execPath,
  [
    vitest,
    "run",
    "--project",
    "contract",
    "--reporter=default",
    "--reporter=junit",
    `--outputFile.junit=${junit}`,
    `--reporter=${join(root, "contract-tests/kit/summary-reporter.ts")}`,
    ...args,
  ],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, CONTRACT_RECORD: "1", CONTRACT_RUN_PREFIX: prefix, CONTRACT_REPORT_DIR: dir },
  },
);
const shown = (file: string) => (relative(process.cwd(), file).startsWith("..") ? file : relative(process.cwd(), file));
child.on("exit", (code, signal) => {
  console.log(`\nJUnit:   ${shown(junit)}\nSummary: ${shown(join(dir, SUMMARY_FILE))}`);
  process.exit(code ?? (signal ? 1 : 0));
});
