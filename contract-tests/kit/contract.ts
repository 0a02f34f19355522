/**
 * Wires a case file to the target chosen by the environment:
 *
 *   const contract = useContract("get");
 *   it("...", async () => { const res = await contract.client.getOrgMetadata({ key: contract.keys.key("a") }); });
 *
 * beforeAll opens the target (starts the in-process mock, or uses the remote one), discovers the org
 * if needed and builds the client over the transport CONTRACT_TRANSPORT names (REST or gRPC); afterAll
 * removes every key the file wrote, even when cases failed.
 */
import { afterAll, beforeAll, expect, inject, type TestContext } from "vitest";
import { ContractClient } from "./client.js";
import { loadSpecConformance } from "./conformance.js";
import { EXTRA_VARS, reportDir, resolveTargetConfig, resolveTransport, type Extra } from "./env.js";
import { GrpcTransport } from "./grpc-transport.js";
import { KeyRegistry, KeySpace, newRunPrefix } from "./keys.js";
import { exchangeDir, JsonlRecorder, nullRecorder, setActiveRecorder, type Recorder } from "./recorder.js";
import { RestTransport } from "./rest-transport.js";
import { openTarget, type OpenTarget, type SharedMock, type Target } from "./target.js";
import { assertCleanTeardown, teardown } from "./teardown.js";
import type { Transport, TransportName } from "./transport.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The per-run key prefix, provided by contract-tests/kit/global-setup.ts. */
    contractRunPrefix?: string;
    /** The run's in-process mock, started once by the global setup or the runner. */
    contractMock?: SharedMock;
  }
}

export interface Contract {
  /** The target with its org resolved. */
  readonly target: Target & { orgId: string };
  /** Calls with the target's token and org as defaults. */
  readonly client: ContractClient;
  /** This file's key namespace: `<run prefix><scope>-`. */
  readonly keys: KeySpace;
  /** The transport the cases run over (CONTRACT_TRANSPORT). */
  readonly transport: TransportName;
}

/** One prefix per run: from global setup, else from `npm run contract`, else (plain vitest) per worker. */
function runPrefix(): string {
  return inject("contractRunPrefix") ?? process.env.CONTRACT_RUN_PREFIX ?? (process.env.CONTRACT_RUN_PREFIX = newRunPrefix());
}

export function useContract(scope: string): Contract {
  // Refuses here too (not only in global setup), so no configuration can write without consent.
  const config = resolveTargetConfig(process.env);
  const transportName = resolveTransport(process.env);
  const registry = new KeyRegistry(runPrefix());
  const keys = new KeySpace(`${registry.runPrefix}${scope}-`);
  let opened: OpenTarget | undefined;
  let transport: Transport | undefined;
  let state: { target: Target & { orgId: string }; client: ContractClient } | undefined;
  let inTeardown = false;

  beforeAll(async () => {
    opened = await openTarget(config, inject("contractMock"));
    const { target } = opened;
    const recorder = recorderFromEnv(transportName, () => inTeardown);
    setActiveRecorder(recorder);
    const options = { baseUrl: target.baseUrl, conformance: await loadSpecConformance(), recorder };
    transport = transportName === "grpc" ? new GrpcTransport(options) : new RestTransport(options);
    let client = new ContractClient(transport, { token: target.token, orgId: target.orgId ?? null }, registry);
    const orgId = target.orgId ?? (await discoverOrg(client));
    client = client.with({ orgId });
    state = { target: { ...target, orgId }, client };
  }, 60_000);

  afterAll(async () => {
    inTeardown = true;
    try {
      if (state) assertCleanTeardown(await teardown(state.client, registry, keys.prefix));
    } finally {
      await transport?.close?.();
      await opened?.close();
    }
  }, 120_000);

  const ready = () => {
    if (!state) throw new Error("the contract target is not open (use it inside a test, not at collection time)");
    return state;
  };
  return {
    get target() {
      return ready().target;
    },
    get client() {
      return ready().client;
    },
    keys,
    transport: transportName,
  };
}

/**
 * The value of an optional extra of the target, or skips the case with a reason that names the
 * variable to set (also written into the JUnit XML as the property "skip-reason").
 */
export async function need<E extends Extra>(t: TestContext, target: Target, extra: E): Promise<NonNullable<Target[E]>> {
  const value = target[extra];
  if (value === undefined || value === null) {
    const reason = `set ${EXTRA_VARS[extra]} to run this case`;
    await t.annotate(reason, "skip-reason");
    t.skip(reason);
  }
  return value as NonNullable<Target[E]>;
}

/**
 * Skips the case, with a reason, unless the suite runs over `transport` (for behaviour only one
 * protocol has, e.g. the REST gateway's routing). Use it in a case or in `beforeEach`.
 */
export async function onlyOver(t: TestContext, transport: TransportName): Promise<void> {
  const current = resolveTransport(process.env);
  if (current === transport) return;
  const reason = `${transport === "rest" ? "REST" : "gRPC"} only: runs with CONTRACT_TRANSPORT=${transport} (this run: ${current})`;
  await t.annotate(reason, "skip-reason");
  t.skip(reason);
}

async function discoverOrg(client: ContractClient): Promise<string> {
  const me = await client.getMyOrg({ orgId: null });
  if (!me.ok) {
    throw new Error(
      `could not discover the org with GetMyOrg (GET /management/v1/orgs/me): ${me.httpStatus ?? ""} code ${me.code} ${me.message}; ` +
        "check CONTRACT_TOKEN or set CONTRACT_ORG_ID",
    );
  }
  return me.body.org.id;
}

/** `npm run contract` sets CONTRACT_RECORD=1: exchanges go to <report dir>/exchanges[-grpc]/<pid>.jsonl. */
function recorderFromEnv(transport: TransportName, inTeardown: () => boolean): Recorder {
  if (process.env.CONTRACT_RECORD !== "1") return nullRecorder;
  return new JsonlRecorder(exchangeDir(reportDir(process.env), transport), () => {
    const state = expect.getState();
    return { file: state.testPath, ...(inTeardown() ? {} : { test: state.currentTestName }) };
  });
}
