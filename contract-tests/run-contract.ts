/**
 * `npm run contract [-- <vitest options>]`: runs the contract suite (remote when CONTRACT_BASE_URL is
 * set, else the in-process mock) over CONTRACT_TRANSPORT (rest, the default, or grpc) and writes, into
 * CONTRACT_REPORT_DIR (default reports/):
 *   contract-junit.xml    JUnit XML for CI
 *   contract-summary.md   per operation the statuses and error ids exercised; failures with request,
 *                         expected and actual response (tokens redacted)
 *   exchanges/*.jsonl     every request/response of the run (tokens redacted)
 * Over gRPC the names carry the transport (contract-junit-grpc.xml, contract-summary-grpc.md,
 * exchanges-grpc/), so a REST and a gRPC run can share one report directory.
 * Exits non-zero when a case fails or the configuration is refused.
 */
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CONTRACT_ENV,
  ContractConfigError,
  describeTargetConfig,
  reportDir,
  reportFiles,
  resolveTargetConfig,
  resolveTransport,
} from "./kit/env.js";
import { newRunPrefix } from "./kit/keys.js";
import { clearExchangeDir, exchangeDir } from "./kit/recorder.js";
import type { TransportName } from "./kit/transport.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);

if (args.includes("--help") || args.includes("-h")) {
  console.log("npm run contract [-- <vitest options>]\n\nEnvironment:");
  for (const [name, text] of Object.entries(CONTRACT_ENV)) console.log(`  ${name.padEnd(30)} ${text}`);
  process.exit(0);
}

let target: string;
let transport: TransportName;
try {
  target = describeTargetConfig(resolveTargetConfig(process.env));
  transport = resolveTransport(process.env);
} catch (error) {
  if (!(error instanceof ContractConfigError)) throw error;
  console.error(`contract suite not started: ${error.message}`);
  process.exit(2);
}

const dir = resolve(root, reportDir(process.env));
mkdirSync(dir, { recursive: true });
clearExchangeDir(exchangeDir(dir, transport));
const files = reportFiles(transport);
const junit = join(dir, files.junit);
const prefix = newRunPrefix();
console.log(`contract suite against ${target}, over ${transport}; keys prefixed ${prefix}`);

const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
const child = spawn(
  process.execPath,
  [
    vitest,
    "run",
    "--project",
    // "contract" runs over the transport of the environment (and the kit's own tests); "contract-grpc"
    // holds the cases alone, always over gRPC (vitest.config.ts).
    transport === "grpc" ? "contract-grpc" : "contract",
    "--reporter=default",
    "--reporter=junit",
    `--outputFile.junit=${junit}`,
    `--reporter=${join(root, "contract-tests/kit/summary-reporter.ts")}`,
    ...args,
  ],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, CONTRACT_RECORD: "1", CONTRACT_RUN_PREFIX: prefix, CONTRACT_REPORT_DIR: dir, CONTRACT_TRANSPORT: transport },
  },
);
const shown = (file: string) => (relative(process.cwd(), file).startsWith("..") ? file : relative(process.cwd(), file));
child.on("exit", (code, signal) => {
  console.log(`\nJUnit:   ${shown(junit)}\nSummary: ${shown(join(dir, files.summary))}`);
  process.exit(code ?? (signal ? 1 : 0));
});
