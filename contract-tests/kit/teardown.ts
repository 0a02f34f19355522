/**
 * Teardown: remove exactly the keys this run registered (a missing key is fine), then sweep the
 * namespace of the test file for anything a half-applied write left behind. Only keys under the run's
 * prefix are ever touched.
 */
import type { CallOptions, ContractClient } from "./client.js";
import type { KeyRegistry, RegisteredKey } from "./keys.js";

const ORG_NOT_EXISTING = "AUTH-Bs7Ds";

export interface TeardownReport {
  removed: string[];
  alreadyGone: string[];
  /** Keys the run wrote (or may have written) that could not be removed, with the error. */
  failed: string[];
  /** Keys whose every write was rejected, so they were never written, and whose removal failed too (not a problem). */
  neverWritten: string[];
}

export async function teardown(client: ContractClient, registry: KeyRegistry, namespace: string): Promise<TeardownReport> {
  const report: TeardownReport = { removed: [], alreadyGone: [], failed: [], neverWritten: [] };
  const entries = registry.list();
  await inBatches(entries, 8, (entry) => removeOne(client, entry.key, contextOf(entry), report, entry.state !== "rejected"));

  // Sweep: a server that broke all-or-nothing may hold keys of this namespace nobody registered in that
  // context. Only contexts where something may have been written: where every write was rejected (e.g.
  // a token the target does not accept), there is nothing to sweep and nothing to report.
  const written = entries.filter((e) => e.state !== "rejected");
  const contexts = new Map(written.map((e) => [JSON.stringify(contextOf(e)), contextOf(e)]));
  for (const options of contexts.values()) {
    const left = await client.listOrgMetadata(
      { query: { limit: 1000 }, queries: [{ keyQuery: { key: namespace, method: "TEXT_QUERY_METHOD_STARTS_WITH" } }] },
      options,
    );
    if (!left.ok) {
      if (left.errorId === ORG_NOT_EXISTING) continue;
      report.failed.push(`(sweep of ${namespace} in ${where(options)}): ${left.httpStatus ?? ""} ${left.message}`);
      continue;
    }
    const keys = (left.body.result ?? []).map((m) => m.key).filter((key) => key.startsWith(namespace));
    await inBatches(keys, 8, (key) => removeOne(client, key, options, report, true));
  }
  return report;
}

/** Throws with every key teardown could not remove (so the run fails visibly). */
export function assertCleanTeardown(report: TeardownReport): void {
  if (report.failed.length > 0) {
    throw new Error(`teardown could not remove ${report.failed.length} key(s):\n${report.failed.join("\n")}`);
  }
}

async function removeOne(client: ContractClient, key: string, options: CallOptions, report: TeardownReport, mayExist: boolean): Promise<void> {
  const failed = (why: string) => (mayExist ? report.failed : report.neverWritten).push(`${key} in ${where(options)}: ${why}`);
  try {
    const result = await client.removeOrgMetadata({ key }, options);
    // NotFound (already removed, or never written) is expected, "membership not found" is not;
    // nothing can exist in an org that does not exist.
    const gone = !result.ok && ((result.code === 5 && result.errorId !== "AUTHZ-cdgFk") || result.errorId === ORG_NOT_EXISTING);
    if (result.ok) report.removed.push(key);
    else if (gone) report.alreadyGone.push(key);
    else failed(`${result.httpStatus ?? ""} ${result.message}`);
  } catch (error) {
    failed((error as Error).message);
  }
}

/** A key written with an explicit org is removed with the target token in that org; else with the writer's token. */
function contextOf(entry: Pick<RegisteredKey, "orgId" | "token">): CallOptions {
  return entry.orgId === null ? { token: entry.token, orgId: null } : { orgId: entry.orgId };
}

function where(options: CallOptions): string {
  return options.orgId ? `org ${options.orgId}` : "the token user's org";
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}
