// The drift check: `contract --compare` runs the same cases against the target and the bundled mock and
// reports every case whose outcome or (normalised) responses differ. Against the mock itself there is
// no difference; behind a proxy that alters one field, the altered cases differ and the command fails.
// Runs a team's case file (docs/examples/team.contract.test.ts) with --cases, so it also proves that
// user cases run with the kit's helpers.
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MockServer } from "../src/index.js";
import { mockProfile } from "./kit/target.js";
import { EXIT, runContract } from "./run-contract.js";

const EXAMPLE = fileURLToPath(new URL("../docs/examples/team.contract.test.ts", import.meta.url));

let mock: MockServer;
let url: string;
let proxy: Server;
let proxyUrl: string;

beforeAll(async () => {
  const { createMockServer } = await import("../src/index.js");
  mock = await createMockServer({ port: 0, host: "127.0.0.1" });
  url = (await mock.start()).url;
  // A target that differs from the mock in one field: the message of a 404 of GetOrgMetadata (as if translated).
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !["host", "connection", "content-length"].includes(name))) as Record<string, string>;
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        const answer = await fetch(`${url}${req.url ?? "/"}`, { method: req.method ?? "GET", headers, ...(body ? { body } : {}) });
        let text = await answer.text();
        if (req.method === "GET" && answer.status === 404 && req.url?.includes("/metadata/")) {
          text = text.replace(/"message":"[^"(]*\(QUERY-Rph32\)"/, '"message":"Metadaten nicht gefunden (QUERY-Rph32)"');
        }
        res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
        res.end(text);
      })();
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  await mock?.stop();
});

async function compare(baseUrl: string) {
  const cwd = mkdtempSync(join(tmpdir(), "contract-compare-"));
  const profile = mockProfile(mock.fixture);
  const env = {
    CONTRACT_BASE_URL: baseUrl,
    CONTRACT_ALLOW_WRITES: "1",
    CONTRACT_TOKEN: profile.token,
    CONTRACT_ORG_ID: profile.orgId ?? "",
    CONTRACT_SECOND_ORG_ID: profile.secondOrgId ?? "",
  };
  const lines: string[] = [];
  const code = await runContract(["--compare", "--cases", EXAMPLE, "--only-cases"], { cwd, env, out: (l) => lines.push(l), err: (l) => lines.push(l) });
  const read = (name: string) => readFileSync(join(cwd, "reports", name), "utf8");
  return { code, output: lines.join("\n"), markdown: read("contract-compare.md"), junit: read("contract-compare-junit.xml") };
}

describe("contract --compare", () => {
  it("finds no difference between the mock as a remote target and the bundled mock", async () => {
    const result = await compare(url);

    expect(result.output).toContain("Drift check: no difference between the target and the bundled mock (4 cases)");
    expect(result.markdown).toMatch(/^# Drift check: NO DIFFERENCE\n/);
    expect(result.markdown).toContain("| case | target | mock | same? |");
    expect(result.markdown).toMatch(/\| docs\/examples\/team\.contract\.test\.ts › billing plan in org metadata > stores the plan and reads it back as the app does \| passed \(2 responses\) \| passed \(2 responses\) \| yes \|/);
    expect(result.junit).toContain('tests="4" failures="0"');
    expect(result.code).toBe(EXIT.ok);
  }, 300_000);

  it("shows the case whose response differs, both responses normalised and their difference, and exits 1", async () => {
    const result = await compare(proxyUrl);

    expect(result.code).toBe(EXIT.failed);
    expect(result.markdown).toMatch(/^# Drift check: 2 DIFFERENCES\n/);
    expect(result.markdown).toMatch(/treats a missing plan as ZITADEL does: 404 QUERY-Rph32 \| passed \(1 response\) \| passed \(1 response\) \| \*\*no\*\* \|/);
    expect(result.markdown).toMatch(/stores the plan and reads it back as the app does \| passed \(2 responses\) \| passed \(2 responses\) \| yes \|/);
    expect(result.markdown).toContain('-      "message": "Metadaten nicht gefunden (QUERY-Rph32)"');
    expect(result.markdown).toMatch(/\+ {6}"message": "[^"]+ \(QUERY-Rph32\)"/);
    // Normalised: the dates, sequences and ids of the two instances do not count as differences.
    expect(result.markdown).toContain('"creationDate": "<date>"');
    expect(result.markdown).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(result.junit).toContain('failures="2"');
  }, 300_000);
});
