/**
 * The preflight of a remote run: one GetMyOrg over the run's transport, with a short timeout, before
 * any case starts. A target that cannot be reached, a TLS failure, a rejected token or an org that does
 * not exist is a setup failure: the run stops with its cause and the fix, instead of every case failing
 * (or being skipped) with the same error.
 */
import { loadSpecConformance } from "./conformance.js";
import type { RemoteTargetConfig } from "./env.js";
import { RestTransport } from "./rest-transport.js";
import type { OpResult, OperationResponses, Transport, TransportName } from "./transport.js";

export const PREFLIGHT_TIMEOUT_MS = 4000;

export type SetupFailureKind = "unreachable" | "tls" | "token" | "org" | "membership" | "not-zitadel";

/** Why a run could not start, and what to change. */
export interface SetupFailure {
  kind: SetupFailureKind;
  cause: string;
  fix: string;
}

export type PreflightResult = { ok: true; orgId: string } | { ok: false; failure: SetupFailure };

export interface PreflightOptions {
  timeoutMs?: number;
}

export async function preflight(
  config: RemoteTargetConfig,
  transportName: TransportName,
  options: PreflightOptions = {},
): Promise<PreflightResult> {
  const timeoutMs = options.timeoutMs ?? PREFLIGHT_TIMEOUT_MS;
  const conformance = await loadSpecConformance();
  const timedFetch: typeof fetch = (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  const transport: Transport =
    transportName === "grpc"
      ? new (await import("./grpc-transport.js")).GrpcTransport({ baseUrl: config.baseUrl, conformance })
      : new RestTransport({ baseUrl: config.baseUrl, conformance, fetch: timedFetch });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { name: "TimeoutError" })), timeoutMs);
    });
    const call = transport.call("getMyOrg", {}, { authorization: `Bearer ${config.token}`, orgId: config.orgId ?? null });
    const result = await Promise.race([call, timeout]);
    return judge(config, result);
  } catch (error) {
    return { ok: false, failure: classifyError(config.baseUrl, error) };
  } finally {
    clearTimeout(timer);
    await transport.close?.();
  }
}

/** What a GetMyOrg answer says about the setup. */
export function judge(config: RemoteTargetConfig, result: OpResult<OperationResponses["getMyOrg"]>): PreflightResult {
  if (result.ok) {
    const id = result.body?.org?.id;
    if (typeof id === "string" && id !== "") return { ok: true, orgId: id };
    return { ok: false, failure: notZitadel(config.baseUrl, `GetMyOrg answered without an org id`) };
  }
  const answer = `${result.httpStatus ? `HTTP ${result.httpStatus}, ` : ""}gRPC code ${result.code}${result.errorId ? ` ${result.errorId}` : ""}`;
  if (result.code === 16) {
    return {
      ok: false,
      failure: {
        kind: "token",
        cause: `the target rejected CONTRACT_TOKEN (${answer}${result.message ? `: ${result.message}` : ""})`,
        fix:
          "set CONTRACT_TOKEN to a valid personal access token of a user of this instance (not expired, not revoked, " +
          'without the "Bearer " prefix); docs/contract-suite.md shows how to create one',
      },
    };
  }
  if (result.errorId === "AUTH-Bs7Ds") {
    return {
      ok: false,
      failure: {
        kind: "org",
        cause: `the org ${config.orgId ?? "of the token user"} (CONTRACT_ORG_ID) does not exist in this instance (${answer})`,
        fix: "set CONTRACT_ORG_ID to the id of an org of this instance, or unset it to test in the token user's org",
      },
    };
  }
  if (result.errorId === "AUTHZ-cdgFk" || result.errorId === "AUTH-5mWD2") {
    return {
      ok: false,
      failure: {
        kind: "membership",
        cause: `the token user may not use the org ${config.orgId ?? "of the token user"} (${answer})`,
        fix: "make the token user ORG_OWNER of that org (Console → Organization → Members), or set CONTRACT_ORG_ID to an org where it is",
      },
    };
  }
  return { ok: false, failure: notZitadel(config.baseUrl, `GetMyOrg answered ${answer}${result.message ? `: ${result.message}` : ""}`) };
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|EPROTO|HOSTNAME_MISMATCH)/;
const TLS_TEXT = /certificate|ssl|tls|wrong version number|handshake/i;

/** A thrown error of the call (network, TLS, timeout, a body that is not ZITADEL's) as a setup failure. */
export function classifyError(baseUrl: string, error: unknown): SetupFailure {
  const chain: Array<{ name?: string; code?: unknown; message?: string; details?: string }> = [];
  for (let e = error as { cause?: unknown } | undefined; e && chain.length < 5; e = e.cause as typeof e) chain.push(e as never);
  const codes = chain.map((e) => (typeof e.code === "string" ? e.code : "")).filter(Boolean);
  const detail = chain.map((e) => e.details ?? e.message ?? "").filter(Boolean).join(": ");
  if (codes.some((code) => TLS_CODES.test(code)) || chain.some((e) => TLS_TEXT.test(e.details ?? e.message ?? ""))) {
    return {
      kind: "tls",
      cause: `the TLS connection to ${baseUrl} failed (${[...codes, detail].filter(Boolean).join(": ")})`,
      fix:
        "use the instance's https:// URL with a certificate Node trusts (for a private CA: NODE_EXTRA_CA_CERTS=<ca.pem>), " +
        "or http:// for an instance that serves without TLS",
    };
  }
  if (chain.some((e) => e.name === "TimeoutError" || e.name === "AbortError")) {
    return {
      kind: "unreachable",
      cause: `${baseUrl} did not answer within ${PREFLIGHT_TIMEOUT_MS / 1000} s`,
      fix: "check CONTRACT_BASE_URL (the instance origin, e.g. https://my-instance.zitadel.cloud) and that the instance is up and reachable from here (proxy, firewall)",
    };
  }
  if (chain.some((e) => e.name === "ConformanceError")) return notZitadel(baseUrl, detail);
  return {
    kind: "unreachable",
    cause: `cannot reach ${baseUrl} (${[...new Set(codes)].concat(detail).filter(Boolean).join(": ")})`,
    fix: "check CONTRACT_BASE_URL (the instance origin, e.g. https://my-instance.zitadel.cloud) and that the instance is up and reachable from here (proxy, firewall)",
  };
}

function notZitadel(baseUrl: string, what: string): SetupFailure {
  return {
    kind: "not-zitadel",
    cause: `${baseUrl} does not answer like ZITADEL's management API: ${what}`,
    fix: "set CONTRACT_BASE_URL to the origin of the ZITADEL instance (no path; the suite adds /management/v1)",
  };
}
