/**
 * vitest globalSetup of the "contract" project: refuses to start on a configuration that would write
 * without consent (e.g. a remote target without CONTRACT_ALLOW_WRITES=1) and provides the run prefix
 * to every worker, so all keys of one run share it.
 */
import type { TestProject } from "vitest/node";
import { describeTargetConfig, resolveTargetConfig, resolveTransport } from "./env.js";
import { newRunPrefix } from "./keys.js";

export default function setup(project: TestProject): void {
  const config = resolveTargetConfig(process.env); // throws ContractConfigError with the reason
  // The project's `env` (contract-grpc) is not in process.env here; read it from the project config.
  const transport = resolveTransport({ ...process.env, ...projectEnv(project) });
  const prefix = process.env.CONTRACT_RUN_PREFIX ?? newRunPrefix();
  project.provide("contractRunPrefix", prefix);
  if (config.kind === "remote") console.log(`contract suite: ${describeTargetConfig(config)}, over ${transport}; keys prefixed ${prefix}`);
}

function projectEnv(project: TestProject): Record<string, string | undefined> {
  const env = (project as Partial<TestProject>).config?.env as Record<string, unknown> | undefined;
  return Object.fromEntries(Object.entries(env ?? {}).map(([name, value]) => [name, value === undefined ? undefined : String(value)]));
}
