/**
 * A running target: the in-process mock (started per test file) or a remote ZITADEL.
 * Both are reached through the same transport (REST or gRPC, on the same base URL), so both targets
 * exercise identical code.
 */
import type { Fixture } from "../../src/index.js";
import type { RemoteTargetConfig, TargetConfig, TargetExtras } from "./env.js";

export interface Target extends TargetExtras {
  kind: "in-process" | "remote";
  baseUrl: string;
  /** The main token: may read and write org metadata in `orgId` (and in `secondOrgId`). */
  token: string;
  /** The org the cases run in; absent until discovered with GET /orgs/me. */
  orgId?: string;
}

export interface OpenTarget {
  target: Target;
  close(): Promise<void>;
}

/**
 * The in-process equivalent of the remote variables, from the fixture: the IAM owner as the main token,
 * ACME as the org, Globex as the second org, ACME's ORG_OWNER_VIEWER as the read-only token and
 * Globex's ORG_OWNER (no membership in ACME) as the no-membership token, and ACME's owner as the
 * user whose metadata the user-metadata cases write.
 */
export function mockProfile(fixture: Fixture): Omit<RemoteTargetConfig, "kind" | "baseUrl"> {
  const userWith = (token: string) => {
    const user = fixture.users.find((u) => u.tokens.includes(token));
    if (!user) throw new Error(`the fixture has no user with token "${token}", which the contract suite needs of the mock`);
    return user;
  };
  userWith("iam-owner-token");
  return {
    token: "iam-owner-token",
    orgId: userWith("acme-owner-token").orgId,
    secondOrgId: userWith("globex-owner-token").orgId,
    readonlyToken: userWith("acme-viewer-token").tokens[0],
    noMembershipToken: userWith("globex-owner-token").tokens[0],
    userId: userWith("acme-owner-token").id,
  };
}

/** The in-process mock of a whole run, started once by the global setup or the runner (not per file). */
export interface SharedMock {
  baseUrl: string;
  profile: Omit<RemoteTargetConfig, "kind" | "baseUrl">;
}

/** Starts the in-process mock for a whole run; `stop` ends it after the last file. */
export async function startSharedMock(): Promise<{ shared: SharedMock; stop(): Promise<void> }> {
  const { createMockServer } = await import("../../src/index.js");
  const mock = await createMockServer({ port: 0, host: "127.0.0.1" });
  const { url } = await mock.start();
  return { shared: { baseUrl: url, profile: mockProfile(mock.fixture) }, stop: () => mock.stop() };
}

/**
 * Opens the target of `config`. In-process: the run's shared mock when there is one (every file writes
 * below its own key namespace, as against a shared ZITADEL), else a mock started for this file.
 */
export async function openTarget(config: TargetConfig, shared?: SharedMock): Promise<OpenTarget> {
  if (config.kind === "remote") {
    const { kind: _kind, ...rest } = config;
    return { target: { kind: "remote", ...rest }, close: async () => {} };
  }
  const inProcess = (mock: SharedMock) => ({ kind: "in-process" as const, baseUrl: mock.baseUrl, ...mock.profile });
  if (shared) return { target: inProcess(shared), close: async () => {} };
  // Started only here: a remote run does not load the mock.
  const own = await startSharedMock();
  return { target: inProcess(own.shared), close: own.stop };
}
