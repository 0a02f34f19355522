/**
 * vitest globalSetup of the "contract" project: refuses to start on a configuration that would write
 * without consent (e.g. a remote target without CONTRACT_ALLOW_WRITES=1) and provides the run prefix
 * to every worker, so all keys of one run share it.
 */
import type { TestProject } from "vitest/node";
import { describeTargetConfig, resolveTargetConfig } from "./env.js";
import { newRunPrefix } from "./keys.js";

export default function setup(project: TestProject): void {
  const config = resolveTargetConfig(process.env); // throws ContractConfigError with the reason
  const prefix = process.env.CONTRACT_RUN_PREFIX ?? newRunPrefix();
  project.provide("contractRunPrefix", prefix);
  if (config.kind === "remote") console.log(`contract suite: ${describeTargetConfig(config)}; keys prefixed ${prefix}`);
}
