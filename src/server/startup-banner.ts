import { isWildcardAddress } from "./client-url.js";
import type { SeedOrg, SeedUser } from "../core/instance-seed.js";

/** The orgs and users the banner and the token lines are built from: an Instance, or a fixture as loaded. */
interface TokenDirectory {
  readonly orgs: readonly SeedOrg[];
  readonly users: readonly Pick<SeedUser, "orgId" | "userName" | "tokens" | "memberships">[];
}

/**
 * One line per token: the token, its user and the user's org; with `roles`, the user's memberships too.
 * The start-up banner and `--help` both list tokens with these lines.
 */
export const describeTokens = (directory: TokenDirectory, { roles = false } = {}): string[] => {
  const orgName = new Map(directory.orgs.map((org) => [org.id, org.name]));
  const memberships = (user: TokenDirectory["users"][number]) =>
    user.memberships.map((m) => `${m.roles.join("+")}@${m.instance ? "instance" : orgName.get(m.orgId) ?? m.orgId}`).join(", ");
  return directory.users.flatMap((user) =>
    user.tokens.map((token) => {
      const line = `  ${token.padEnd(28)} ${user.userName} in ${orgName.get(user.orgId) ?? user.orgId}`;
      return roles ? `${line}; ${memberships(user) || "no memberships"}` : line;
    }),
  );
};

/** What `npm start` prints: where the mock listens, and the orgs and tokens to use. */
export interface StartupDetails {
  /** The address bound (`server.address()`): a wildcard one gets a line saying the mock is reachable from elsewhere. */
  readonly address?: string;
  /** `--clock` and `--clock-step`. */
  readonly clock?: { readonly start: Date; readonly stepMs: number } | undefined;
}

export const describeStartup = (url: string, fixture: TokenDirectory, { address, clock }: StartupDetails = {}): string => {
  const lines = [
    `zitadel-mock listening on ${url} (REST under ${url}/management/v1, /v2beta and /v2; gRPC, gRPC-web and, for v2, Connect on the same port)`,
    ...(address !== undefined && isWildcardAddress(address)
      ? [`Bound to every interface (${address}): other machines and containers reach the API on this machine's addresses, same port; /__mock/* answers them only with --control-token.`]
      : []),
    ...(clock
      ? [`Clock: events and lists stamped from ${clock.start.toISOString()}, ${clock.stepMs === 0 ? "stopped there" : `${clock.stepMs} ms later at each write and each list`}.`]
      : []),
    "",
    "Organizations:",
    ...fixture.orgs.map((org) => `  ${org.id}  ${org.name} (${org.primaryDomain})`),
    "",
    "Tokens (send as 'Authorization: Bearer <token>'; 'x-zitadel-orgid: <org id>' picks another org):",
    ...describeTokens(fixture, { roles: true }),
    "",
    `Try: curl -H 'Authorization: Bearer ${fixture.users[0]?.tokens[0] ?? "<token>"}' ${url}/management/v1/orgs/me`,
  ];
  return lines.join("\n");
};
