import { loadFixtureFile } from "../fixtures/load-fixture.js";
import { DEFAULT_FIXTURES } from "../server/mock-server-defaults.js";
import { describeTokens } from "../server/startup-banner.js";

/** What `--help` adds below the commands: the routes that control the mock and the default fixture's tokens. */
export const describeControls = (): string => {
  const fixture = loadFixtureFile(DEFAULT_FIXTURES);
  return [
    "",
    "Control endpoints (on the same port as the API):",
    "  GET  /debug/healthz    liveness probe, answers ok (as ZITADEL)",
    "  GET  /debug/ready      readiness probe (as ZITADEL)",
    "  GET  /__mock/          the inspector page (orgs, metadata, request journal, fault rules)",
    "  GET  /__mock/state     the whole state in the fixture format; PUT replaces it",
    "  GET  /__mock/orgs      every org with its metadata and its users with theirs (what the inspector shows)",
    "  POST /__mock/reset     restore the fixture's state, the --faults rules and an empty journal",
    "  GET  /__mock/requests  the request journal (?rpc=&status=&since=&limit=); DELETE clears it",
    "  POST /__mock/faults    add a fault rule (error, delay, drop); GET lists, DELETE removes",
    "  GET  /__mock/openapi.yaml  the control API's OpenAPI document",
    "",
    "Tokens of the default fixture (send as 'Authorization: Bearer <token>'):",
    ...describeTokens(fixture),
    "",
    "Stop it with Ctrl+C or SIGTERM: in-flight calls finish (see serve --grace), then it exits 0.",
    "Examples:",
    "  zitadel-mock --port 4010",
    "  zitadel-mock serve --help             # every flag of serve: port, fixtures, delay, control plane, connection limits",
    "  zitadel-mock fixtures --orgs 5 --keys 20 --out fixtures/big.json",
    "  zitadel-mock contract                 # the contract suite against the bundled mock",
  ].join("\n");
};
