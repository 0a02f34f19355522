import type { Instance } from "../core/instance.js";

/** What `npm start` prints: where the mock listens, and the orgs and tokens to use. */
export const describeStartup = (url: string, fixture: Pick<Instance, "orgs" | "users">): string => {
  const orgName = new Map(fixture.orgs.map((org) => [org.id, org.name]));
  const roles = (user: (typeof fixture.users)[number]) =>
    user.memberships.map((m) => `${m.roles.join("+")}@${m.instance ? "instance" : orgName.get(m.orgId) ?? m.orgId}`).join(", ");
  const lines = [
    `zitadel-mock listening on ${url} (REST under ${url}/management/v1, /v2beta and /v2; gRPC, gRPC-web and, for v2, Connect on the same port)`,
    "",
    "Organizations:",
    ...fixture.orgs.map((org) => `  ${org.id}  ${org.name} (${org.primaryDomain})`),
    "",
    "Tokens (send as 'Authorization: Bearer <token>'; 'x-zitadel-orgid: <org id>' picks another org):",
    ...fixture.users.flatMap((user) =>
      user.tokens.map((token) => `  ${token.padEnd(28)} ${user.userName} in ${orgName.get(user.orgId) ?? user.orgId}; ${roles(user) || "no memberships"}`),
    ),
    "",
    `Try: curl -H 'Authorization: Bearer ${fixture.users[0]?.tokens[0] ?? "<token>"}' ${url}/management/v1/orgs/me`,
  ];
  return lines.join("\n");
};
