/**
 * vitest globalSetup of the "contract" projects of `npm test`: refuses to start on a configuration that
 * would write without consent (e.g. a remote target without CONTRACT_ALLOW_WRITES=1) and provides the
 * run prefix to every worker, so all keys of one run share it. (`contract` runs build their own
 * configuration, run-vitest.ts, and refuse earlier, in run-contract.ts.)
 */
import type { TestProject } from "vitest/node";
import { resolveTargetConfig, resolveTransport } from "./env.js";
import { newRunPrefix } from "./keys.js";

export default function setup(project: TestProject): void {
  resolveTargetConfig(process.env); // throws ContractConfigError with the reason
  // The project's `env` (contract-grpc) is not in process.env here; read it from the project config.
  resolveTransport({ ...process.env, ...projectEnv(project) });
  project.provide("contractRunPrefix", process.env.CONTRACT_RUN_PREFIX ?? newRunPrefix());
}

function projectEnv(project: TestProject): Record<string, string | undefined> {
  const env = (project as Partial<TestProject>).config?.env as Record<string, unknown> | undefined;
  return Object.fromEntries(Object.entries(env ?? {}).map(([name, value]) => [name, value === undefined ? undefined : String(value)]));
}
