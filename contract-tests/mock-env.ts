/**
 * Prints the CONTRACT_* variables that point the suite at a mock started with the CLI, taking tokens
 * and org ids from the fixture (same profile as the in-process target):
 *
 *   npm start -- --port 4010 &
 *   eval "$(npx tsx contract-tests/mock-env.ts http://127.0.0.1:4010)"
 *   npm run contract
 *
 * The output is shell-safe for eval: every value is single-quoted (contract-tests/kit/shell.ts).
 */
import { loadFixtureFile, DEFAULT_FIXTURES } from "../src/index.js";
import { exportLines } from "./kit/shell.js";
import { mockProfile } from "./kit/target.js";

const [baseUrl, fixturePath = DEFAULT_FIXTURES] = process.argv.slice(2);
if (!baseUrl) {
  console.error("usage: tsx contract-tests/mock-env.ts <base url of the mock> [fixture file]");
  process.exit(2);
}
const profile = mockProfile(loadFixtureFile(fixturePath));
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
// Single-quoted: a value holding $(...), backticks, quotes or newlines is assigned, never run.
console.log(exportLines(Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, value ?? ""]))));
