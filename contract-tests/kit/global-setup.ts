/**
 * vitest globalSetup of the "contract" projects of `npm test`: refuses to start on a configuration that
 * would write without consent (e.g. a remote target without CONTRACT_ALLOW_WRITES=1) and provides the
 * run prefix to every worker, so all keys of one run share it; against the in-process target, starts
 * one mock for all files of the project. (`contract` runs build their own
 * configuration, run-vitest.ts, and refuse earlier, in run-contract.ts.)
 */
import type { TestProject } from "vitest/node";
import { resolveTargetConfig, resolveTransport } from "./env.js";
import { newRunPrefix } from "./keys.js";
import { startSharedMock } from "./target.js";

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const config = resolveTargetConfig(process.env); // throws ContractConfigError with the reason
  // The project's `env` (contract-grpc) is not in process.env here; read it from the project config.
  resolveTransport({ ...process.env, ...projectEnv(project) });
  project.provide("contractRunPrefix", process.env.CONTRACT_RUN_PREFIX ?? newRunPrefix());
  if (config.kind !== "in-process") return undefined;
  // One mock for the project's files, instead of one per file.
  const mock = await startSharedMock();
  project.provide("contractMock", mock.shared);
  return () => mock.stop();
}

function projectEnv(project: TestProject): Record<string, string | undefined> {
  const env = (project as Partial<TestProject>).config?.env as Record<string, unknown> | undefined;
  return Object.fromEntries(Object.entries(env ?? {}).map(([name, value]) => [name, value === undefined ? undefined : String(value)]));
}
