/**
 * Prints the CONTRACT_* variables that point the suite at a mock started with the CLI, taking tokens
 * and org ids from the fixture (same profile as the in-process target). In a project that installed
 * the package, `npx zitadel-mock contract --mock-env <url>` prints the same; in this repository:
 *
 *   npm start -- --port 4010 &
 *   eval "$(npx tsx contract-tests/mock-env.ts http://127.0.0.1:4010)"
 *   npm run contract
 *
 * The output is shell-safe for eval: every value is single-quoted (contract-tests/kit/shell.ts).
 */
import { mockEnvLines } from "./kit/mock-env.js";

const [baseUrl, fixturePath] = process.argv.slice(2);
if (!baseUrl) {
  console.error("usage: tsx contract-tests/mock-env.ts <base url of the mock> [fixture file]");
  process.exit(2);
}
try {
  console.log(mockEnvLines(baseUrl, fixturePath));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
