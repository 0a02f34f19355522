/**
 * The CONTRACT_* variables that point the suite at a mock started with the CLI (`contract --mock-env`,
 * and the repository's contract-tests/mock-env.ts): tokens and org ids from the fixture the mock was
 * started with, the same profile as the in-process target.
 */
import { DEFAULT_FIXTURES, loadFixtureFile } from "../../src/index.js";
import { ContractConfigError, mockBaseUrl } from "./env.js";
import { exportLines } from "./shell.js";
import { mockProfile } from "./target.js";

/** `export NAME='value'` lines for `eval`; every value single-quoted, so one holding $(...) is assigned, never run. */
export function mockEnvLines(baseUrl: string, fixturePath: string = DEFAULT_FIXTURES): string {
  mockBaseUrl(baseUrl);
  const fixture = loadFixtureFile(fixturePath);
  let profile: ReturnType<typeof mockProfile>;
  try {
    profile = mockProfile(fixture);
  } catch (error) {
    throw new ContractConfigError(`fixture ${fixturePath}: ${(error as Error).message}`);
  }
  const vars = {
    CONTRACT_BASE_URL: baseUrl,
    CONTRACT_TOKEN: profile.token,
    CONTRACT_ORG_ID: profile.orgId,
    CONTRACT_SECOND_ORG_ID: profile.secondOrgId,
    CONTRACT_READONLY_TOKEN: profile.readonlyToken,
    CONTRACT_NO_MEMBERSHIP_TOKEN: profile.noMembershipToken,
    CONTRACT_USER_ID: profile.userId,
    CONTRACT_ALLOW_WRITES: "1",
  };
  return exportLines(Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, value ?? ""])));
}
