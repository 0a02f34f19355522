/**
 * Which target the contract suite runs against, and over which transport, read from environment
 * variables. `resolveTargetConfig` and `resolveTransport` are pure functions of the environment so
 * the refusal rules can be unit-tested.
 */
import { TRANSPORT_NAMES, type TransportName } from "./transport.js";

export type Env = Readonly<Record<string, string | undefined>>;

/** Every variable the suite reads, with the text the docs and `--help` show. */
export const CONTRACT_ENV = {
  CONTRACT_BASE_URL: "Origin of a ZITADEL instance (e.g. https://my-instance.zitadel.cloud). Unset: the mock runs in-process.",
  CONTRACT_TOKEN: "Remote only, required: a personal access token of a user allowed to write org metadata (ORG_OWNER).",
  CONTRACT_ALLOW_WRITES: "Remote only, required: set to 1 to allow the suite to create (and remove again) prefixed keys.",
  CONTRACT_ORG_ID: "Remote only: the org to test in. Unset: the token user's org (GET /management/v1/orgs/me).",
  CONTRACT_SECOND_ORG_ID: "Remote only: a second org the token may write to; enables the org-isolation cases.",
  CONTRACT_READONLY_TOKEN: "Remote only: a token with org.read but not org.write in the org (ORG_OWNER_VIEWER).",
  CONTRACT_NO_MEMBERSHIP_TOKEN: "Remote only: a token of a user with no membership in the org (e.g. ORG_OWNER elsewhere).",
  CONTRACT_USER_ID: "Remote only: a user of the org whose metadata the suite may write prefixed keys to (e.g. the token's own user); enables the user-metadata cases.",
  CONTRACT_TRANSPORT: "rest or grpc: REST (grpc-gateway, /management/v1) or gRPC (@zitadel/node) on the same base URL. Default: rest",
  CONTRACT_REPORT_DIR: "Where the contract run (`zitadel-mock contract`) writes the JUnit XML, the summary and the exchange log. Default: reports",
} as const;

export type ContractEnvName = keyof typeof CONTRACT_ENV;

/** The optional extras of a target and the variable that enables each. */
export const EXTRA_VARS = {
  secondOrgId: "CONTRACT_SECOND_ORG_ID",
  readonlyToken: "CONTRACT_READONLY_TOKEN",
  noMembershipToken: "CONTRACT_NO_MEMBERSHIP_TOKEN",
  userId: "CONTRACT_USER_ID",
} as const satisfies Record<string, ContractEnvName>;

export type Extra = keyof typeof EXTRA_VARS;

export interface TargetExtras {
  secondOrgId?: string;
  readonlyToken?: string;
  noMembershipToken?: string;
  userId?: string;
}

export interface InProcessTargetConfig {
  kind: "in-process";
}

export interface RemoteTargetConfig extends TargetExtras {
  kind: "remote";
  /** Instance origin without trailing slash; the suite appends /management/v1/... */
  baseUrl: string;
  token: string;
  /** Absent: discovered with GET /management/v1/orgs/me. */
  orgId?: string;
}

export type TargetConfig = InProcessTargetConfig | RemoteTargetConfig;

/** A configuration the suite refuses to start with; the message says why and what to set. */
export class ContractConfigError extends Error {
  override name = "ContractConfigError";
}

/** Variables that do not name a remote target, so they may be set for the in-process mock too. */
const TARGET_NEUTRAL_VARS = new Set<ContractEnvName>(["CONTRACT_REPORT_DIR", "CONTRACT_ALLOW_WRITES", "CONTRACT_TRANSPORT"]);

export function reportDir(env: Env): string {
  return value(env, "CONTRACT_REPORT_DIR") ?? "reports";
}

/**
 * The report files of a run over `transport`, inside the report directory. REST keeps the plain
 * names; other transports add their name, so two runs into one directory do not overwrite each other.
 */
export function reportFiles(transport: TransportName): { junit: string; summary: string; exchanges: string } {
  const suffix = transport === "rest" ? "" : `-${transport}`;
  return { junit: `contract-junit${suffix}.xml`, summary: `contract-summary${suffix}.md`, exchanges: `exchanges${suffix}` };
}

/**
 * The transport the cases run over: CONTRACT_TRANSPORT, default "rest". gRPC is served on the same
 * base URL as REST (ZITADEL serves both on one port), so it needs an origin without a path.
 */
export function resolveTransport(env: Env): TransportName {
  const raw = value(env, "CONTRACT_TRANSPORT") ?? "rest";
  const transport = TRANSPORT_NAMES.find((name) => name === raw.toLowerCase());
  if (transport === undefined) {
    throw new ContractConfigError(`CONTRACT_TRANSPORT must be ${TRANSPORT_NAMES.join(" or ")}, got "${raw}".`);
  }
  const baseUrl = value(env, "CONTRACT_BASE_URL");
  if (transport === "grpc" && baseUrl !== undefined && URL.canParse(baseUrl) && new URL(baseUrl).pathname.replace(/\/+$/, "") !== "") {
    throw new ContractConfigError(
      `CONTRACT_TRANSPORT=grpc needs CONTRACT_BASE_URL to be an origin without a path (gRPC has no path prefix), got "${baseUrl}".`,
    );
  }
  return transport;
}

export function resolveTargetConfig(env: Env): TargetConfig {
  const rawBaseUrl = value(env, "CONTRACT_BASE_URL");
  if (rawBaseUrl === undefined) {
    const remoteOnly = (Object.keys(CONTRACT_ENV) as ContractEnvName[]).filter(
      (name) => !TARGET_NEUTRAL_VARS.has(name) && value(env, name) !== undefined,
    );
    if (remoteOnly.length > 0) {
      throw new ContractConfigError(
        `${remoteOnly.join(", ")} ${remoteOnly.length === 1 ? "is" : "are"} set but CONTRACT_BASE_URL is not. ` +
          "Set CONTRACT_BASE_URL to run against a remote ZITADEL, or unset them to run against the in-process mock.",
      );
    }
    return { kind: "in-process" };
  }

  const baseUrl = parseBaseUrl(rawBaseUrl);
  const token = value(env, "CONTRACT_TOKEN");
  if (token === undefined) {
    throw new ContractConfigError(
      `CONTRACT_BASE_URL is set (${baseUrl}) but CONTRACT_TOKEN is not. ` +
        "Set CONTRACT_TOKEN to a personal access token of a user allowed to write org metadata (ORG_OWNER).",
    );
  }
  for (const name of ["CONTRACT_TOKEN", "CONTRACT_READONLY_TOKEN", "CONTRACT_NO_MEMBERSHIP_TOKEN"] as const) {
    if (value(env, name)?.startsWith("Bearer ")) {
      throw new ContractConfigError(`${name} must be the bare token, without the "Bearer " prefix.`);
    }
  }
  if (value(env, "CONTRACT_ALLOW_WRITES") !== "1") {
    throw new ContractConfigError(
      `Refusing to run the contract suite against ${baseUrl}: it writes metadata to that instance ` +
        "(only keys named contract-<timestamp>-<random>-..., all removed again in teardown). " +
        "Set CONTRACT_ALLOW_WRITES=1 to confirm that writing to this instance is allowed.",
    );
  }
  return dropUndefined({
    kind: "remote",
    baseUrl,
    token,
    orgId: value(env, "CONTRACT_ORG_ID"),
    secondOrgId: value(env, "CONTRACT_SECOND_ORG_ID"),
    readonlyToken: value(env, "CONTRACT_READONLY_TOKEN"),
    noMembershipToken: value(env, "CONTRACT_NO_MEMBERSHIP_TOKEN"),
    userId: value(env, "CONTRACT_USER_ID"),
  });
}

/** The token values of the environment, scrubbed from every report and log line. */
export function secretsOf(env: Env): string[] {
  return (["CONTRACT_TOKEN", "CONTRACT_READONLY_TOKEN", "CONTRACT_NO_MEMBERSHIP_TOKEN"] as const).flatMap((name) => value(env, name) ?? []);
}

/** One line for logs and the summary; never contains a token. */
export function describeTargetConfig(config: TargetConfig): string {
  if (config.kind === "in-process") return "in-process mock (fixtures/default.json)";
  const extras = (Object.keys(EXTRA_VARS) as Extra[]).filter((extra) => config[extra] !== undefined);
  return (
    `remote ${config.baseUrl}` +
    (config.orgId ? `, org ${config.orgId}` : ", org of the token user") +
    (extras.length ? `, extras: ${extras.join(", ")}` : ", no extras")
  );
}

/** `raw` when it is a URL a mock started with the CLI can be reached at (`contract --mock-env`); else why not. */
export function mockBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ContractConfigError(`--mock-env needs the mock's base URL, e.g. http://127.0.0.1:4010 (got "${raw}")`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ContractConfigError(`--mock-env needs an http:// or https:// URL (got "${raw}")`);
  }
  return raw;
}

function parseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ContractConfigError(`CONTRACT_BASE_URL is not a URL: "${raw}". Example: https://my-instance.zitadel.cloud`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ContractConfigError(`CONTRACT_BASE_URL must use http or https, got "${raw}".`);
  }
  const base = `${url.origin}${url.pathname}`.replace(/\/+$/, "");
  if (base.endsWith("/management/v1")) {
    throw new ContractConfigError(
      `CONTRACT_BASE_URL is the instance origin; leave out /management/v1 (got "${raw}", use "${base.slice(0, -"/management/v1".length)}").`,
    );
  }
  return base;
}

function value(env: Env, name: ContractEnvName): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

function dropUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}
