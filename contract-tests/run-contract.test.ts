// The contract command stops before any case on a configuration it refuses and on a target that fails
// the preflight: exit code 2, the cause and the fix on stderr and in the summary, no JUnit, and the
// reports of an earlier run gone. Called in-process, as the package CLI calls it.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TestProject } from "vitest/node";
import type { MockServer } from "../src/index.js";
import { readContractArgs } from "./contract-args.js";
import setup from "./kit/global-setup.js";
import { EXIT, runContract } from "./run-contract.js";

let mock: MockServer;
let url: string;

beforeAll(async () => {
  const { createMockServer } = await import("../src/index.js");
  mock = await createMockServer({ port: 0, host: "127.0.0.1" });
  url = (await mock.start()).url;
}, 60_000);

afterAll(async () => {
  await mock?.stop();
});

/** Runs the command in a fresh folder holding the PASS reports of an earlier run. */
async function run(env: Record<string, string>, argv: string[] = []) {
  const cwd = mkdtempSync(join(tmpdir(), "contract-run-"));
  const reports = join(cwd, "reports");
  mkdirSync(join(reports, "exchanges"), { recursive: true });
  for (const name of ["contract-summary.md", "contract-summary-grpc.md", "contract-junit.xml", "contract-junit-grpc.xml", "contract-compare.md"]) {
    writeFileSync(join(reports, name), "# Contract suite: PASS (stale)");
  }
  const out: string[] = [];
  const err: string[] = [];
  const code = await runContract(argv, { cwd, env, out: (line) => out.push(line), err: (line) => err.push(line) });
  const read = (name: string) => (existsSync(join(reports, name)) ? readFileSync(join(reports, name), "utf8") : undefined);
  return { code, stdout: out.join("\n"), stderr: err.join("\n"), read, reports };
}

const remote = (extra: Record<string, string> = {}) => ({ CONTRACT_BASE_URL: url, CONTRACT_ALLOW_WRITES: "1", ...extra });

describe("refusal of remote writes without consent", () => {
  it("exits with code 2, says why, prints no target line, and removes the earlier reports", async () => {
    const result = await run({ CONTRACT_BASE_URL: "https://zitadel.example.invalid", CONTRACT_TOKEN: "pat-123456" });

    expect(result.code).toBe(EXIT.notStarted);
    expect(result.stderr).toContain("contract suite not started: Refusing to run the contract suite against https://zitadel.example.invalid");
    expect(result.stderr).toContain("Set CONTRACT_ALLOW_WRITES=1");
    expect(result.stdout).toBe("");
    expect(result.read("contract-junit.xml")).toBeUndefined();
    expect(existsSync(join(result.reports, "exchanges"))).toBe(false);
    expect(result.read("contract-compare.md")).toBeUndefined();
    expect(result.read("contract-summary.md")).toMatch(/^# Contract suite: NOT RUN/);
    expect(result.read("contract-summary.md")).toContain("Set CONTRACT_ALLOW_WRITES=1");
    // A refused REST run leaves the reports of a gRPC run alone.
    expect(result.read("contract-summary-grpc.md")).toContain("(stale)");
  });

  it("exits with code 2 on an unknown CONTRACT_TRANSPORT, removing the reports of every transport", async () => {
    const result = await run({ CONTRACT_TRANSPORT: "grpc-web" });

    expect(result.code).toBe(EXIT.notStarted);
    expect(result.stderr).toContain('contract suite not started: CONTRACT_TRANSPORT must be rest or grpc, got "grpc-web".');
    expect(result.read("contract-summary.md")).toBeUndefined();
    expect(result.read("contract-summary-grpc.md")).toBeUndefined();
  });

  it("the global setup of npm test throws before any case runs, prints nothing, and provides the run prefix otherwise", async () => {
    const provided: Record<string, unknown> = {};
    const project = { provide: (key: string, value: unknown) => (provided[key] = value) } as unknown as TestProject;
    const log = vi.spyOn(console, "log");
    try {
      vi.stubEnv("CONTRACT_BASE_URL", "https://zitadel.example.invalid");
      vi.stubEnv("CONTRACT_TOKEN", "pat");
      vi.stubEnv("CONTRACT_ALLOW_WRITES", "");
      await expect(setup(project)).rejects.toThrow(/Refusing to run the contract suite/);
      expect(provided).toEqual({});

      vi.stubEnv("CONTRACT_ALLOW_WRITES", "1");
      vi.stubEnv("CONTRACT_RUN_PREFIX", "contract-20251123t151800z-abcdef-");
      expect(await setup(project)).toBeUndefined(); // remote: no mock to stop
      expect(provided).toEqual({ contractRunPrefix: "contract-20251123t151800z-abcdef-" });
      expect(log).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllEnvs();
      log.mockRestore();
    }
  });

  it("the global setup reads the transport from the project's env (contract-grpc) and refuses what gRPC cannot reach", async () => {
    const project = { provide: () => {}, config: { env: { CONTRACT_TRANSPORT: "grpc" } } } as unknown as TestProject;
    try {
      vi.stubEnv("CONTRACT_BASE_URL", "https://proxy.example.com/zitadel");
      vi.stubEnv("CONTRACT_TOKEN", "pat");
      vi.stubEnv("CONTRACT_ALLOW_WRITES", "1");
      vi.stubEnv("CONTRACT_TRANSPORT", "");
      await expect(setup(project)).rejects.toThrow(/CONTRACT_TRANSPORT=grpc needs CONTRACT_BASE_URL to be an origin without a path/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("setup failures found by the preflight (exit 2, cause and fix, no case run; the preflight gives up after 4 s)", () => {
  async function expectSetupFailure(env: Record<string, string>, cause: RegExp, fix: RegExp) {
    const result = await run(env);
    expect(result.code).toBe(EXIT.notStarted);
    expect(result.stderr).toMatch(cause);
    expect(result.stderr).toMatch(fix);
    expect(result.stderr).toContain("no case ran");
    const grpc = env.CONTRACT_TRANSPORT === "grpc";
    const summary = result.read(grpc ? "contract-summary-grpc.md" : "contract-summary.md") ?? "";
    expect(summary.split("\n").slice(0, 8).join("\n")).toMatch(/^# Contract suite: NOT RUN[\s\S]*- Target: remote[\s\S]*- Transport:[\s\S]*- Cause:[\s\S]*- Fix:/);
    expect(summary).toMatch(cause);
    expect(result.read(grpc ? "contract-junit-grpc.xml" : "contract-junit.xml")).toBeUndefined();
    for (const token of Object.entries(env).filter(([name]) => name.endsWith("TOKEN")).map(([, value]) => value)) {
      expect(`${result.stdout}${result.stderr}${summary}`).not.toContain(token);
    }
    return result;
  }

  it("a rejected token: 401 with ZITADEL's id AUTH-7fs1e, and the fix names CONTRACT_TOKEN", async () => {
    await expectSetupFailure(
      remote({ CONTRACT_TOKEN: "expired-pat-0123456789" }),
      /the target rejected CONTRACT_TOKEN \(HTTP 401, gRPC code 16 AUTH-7fs1e/,
      /fix: +set CONTRACT_TOKEN to a valid personal access token/,
    );
  });

  it("a rejected token with CONTRACT_ORG_ID set is still the token, over gRPC too", async () => {
    await expectSetupFailure(
      remote({ CONTRACT_TOKEN: "expired-pat-0123456789", CONTRACT_ORG_ID: mock.fixture.orgs[1]!.id, CONTRACT_TRANSPORT: "grpc" }),
      /the target rejected CONTRACT_TOKEN \(gRPC code 16 AUTH-7fs1e/,
      /set CONTRACT_TOKEN/,
    );
  });

  it("an org that does not exist: 403 AUTH-Bs7Ds, and the fix names CONTRACT_ORG_ID", async () => {
    await expectSetupFailure(
      remote({ CONTRACT_TOKEN: "iam-owner-token", CONTRACT_ORG_ID: "999999999999999999" }),
      /the org 999999999999999999 \(CONTRACT_ORG_ID\) does not exist in this instance \(HTTP 403, gRPC code 7 AUTH-Bs7Ds\)/,
      /set CONTRACT_ORG_ID to the id of an org of this instance/,
    );
  });

  it("an unreachable URL: no connection, and the fix names CONTRACT_BASE_URL", async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    await expectSetupFailure(
      { CONTRACT_BASE_URL: `http://127.0.0.1:${closed}`, CONTRACT_ALLOW_WRITES: "1", CONTRACT_TOKEN: "pat-0123456789" },
      new RegExp(`cannot reach http://127.0.0.1:${closed} \\(ECONNREFUSED`),
      /check CONTRACT_BASE_URL/,
    );
  });

  it("TLS: https:// to a server without TLS fails the handshake, and the fix says which URL to use", async () => {
    await expectSetupFailure(
      remote({ CONTRACT_BASE_URL: url.replace("http:", "https:"), CONTRACT_TOKEN: "iam-owner-token" }),
      /the TLS connection to https:\/\/127\.0\.0\.1:\d+ failed/,
      /NODE_EXTRA_CA_CERTS/,
    );
  });
});

describe("--mock-env: the variables for a mock started with the CLI", () => {
  it("prints shell export lines with the fixture's profile, runs nothing and leaves the reports alone", async () => {
    const result = await run({}, ["--mock-env", "http://127.0.0.1:4010"]);

    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout.split("\n")).toEqual([
      "export CONTRACT_BASE_URL='http://127.0.0.1:4010'",
      "export CONTRACT_TOKEN='iam-owner-token'",
      `export CONTRACT_ORG_ID='${mock.fixture.users.find((u) => u.tokens.includes("acme-owner-token"))!.orgId}'`,
      expect.stringMatching(/^export CONTRACT_SECOND_ORG_ID='\d+'$/),
      "export CONTRACT_READONLY_TOKEN='acme-viewer-token'",
      "export CONTRACT_NO_MEMBERSHIP_TOKEN='globex-owner-token'",
      expect.stringMatching(/^export CONTRACT_USER_ID='\d+'$/),
      "export CONTRACT_ALLOW_WRITES='1'",
    ]);
    expect(result.stderr).toBe("");
    expect(result.read("contract-summary.md")).toContain("(stale)");
  });

  it("reads the profile from --fixtures, the file the mock was started with, resolved against the runner's cwd", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "mock-env-")), "fixture.json");
    const { users } = mock.fixture;
    writeFileSync(file, JSON.stringify({ ...mock.fixture, users: users.map((u) => (u.tokens.includes("acme-viewer-token") ? { ...u, tokens: ["v"] } : u)) }));
    const result = await run({}, [`--mock-env=${url}`, "--fixtures", file]);
    expect(result).toMatchObject({ code: EXIT.notStarted, stdout: "" });
    expect(result.stderr).toBe(
      `error: fixture ${file}: the fixture has no user with token "acme-viewer-token", which the contract suite needs of the mock\n(zitadel-mock contract --help for more)`,
    );
    const missing = await run({}, ["--mock-env", url, "--fixtures", "missing.json"]);
    expect(missing.stderr).toMatch(/^error: Cannot read fixture \/.*\/contract-run-\w+\/missing\.json: file not found\n\(zitadel-mock contract --help for more\)$/);
  });

  it("reads the fixture file from ZITADEL_MOCK_FIXTURES, as the mock does, when --fixtures is not given", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mock-env-"));
    // The viewer's first token is what CONTRACT_READONLY_TOKEN gets.
    const withViewerToken = (token: string) => ({
      ...mock.fixture,
      users: mock.fixture.users.map((u) => (u.tokens.includes("acme-viewer-token") ? { ...u, tokens: [token, ...u.tokens] } : u)),
    });
    writeFileSync(join(dir, "from-env.json"), JSON.stringify(withViewerToken("viewer-from-env")));
    writeFileSync(join(dir, "from-flag.json"), JSON.stringify(withViewerToken("viewer-from-flag")));
    const readonlyToken = (stdout: string) => /CONTRACT_READONLY_TOKEN='([\w-]+)'/.exec(stdout)?.[1];

    const fromEnv = await run({ ZITADEL_MOCK_FIXTURES: join(dir, "from-env.json") }, ["--mock-env", url]);
    expect(fromEnv).toMatchObject({ code: EXIT.ok, stderr: "" });
    expect(readonlyToken(fromEnv.stdout)).toBe("viewer-from-env");
    const both = await run({ ZITADEL_MOCK_FIXTURES: join(dir, "from-env.json") }, ["--mock-env", url, "--fixtures", join(dir, "from-flag.json")]);
    expect(readonlyToken(both.stdout)).toBe("viewer-from-flag");
  });

  it("leaves ZITADEL_MOCK_FIXTURES to the mock without --mock-env: a run, not a misplaced --fixtures", async () => {
    const errors: string[] = [];
    const io = { env: { ZITADEL_MOCK_FIXTURES: "x.json" }, out: () => undefined, err: (line: string) => void errors.push(line), usageExitCode: EXIT.notStarted };
    expect(await readContractArgs(["--compare"], io)).toEqual({ args: { compare: true, cases: [], onlyCases: false, vitest: { filter: [], options: {} } } });
    expect(errors).toEqual([]);
  });

  it.each([
    [["--mock-env"], "error: option '--mock-env <url>' argument missing"],
    [["--mock-env", "localhost:4010"], `error: option '--mock-env <url>' argument 'localhost:4010' is invalid. --mock-env needs an http:// or https:// URL (got "localhost:4010").`],
    [["--mock-env", "not a url"], "error: option '--mock-env <url>' argument 'not a url' is invalid. --mock-env needs the mock's base URL, e.g. http://127.0.0.1:4010"],
    [["--mock-env", "http://127.0.0.1:4010", "--mock-env", "http://127.0.0.1:4011"], "argument 'http://127.0.0.1:4011' is invalid. --mock-env is already given (http://127.0.0.1:4010); give it once."],
    [["--mock-env", "http://127.0.0.1:4010", "--fixtures", "a.json", "--fixtures=b.json"], "--fixtures is already given (a.json); give it once."],
    [["--mock-env", "http://127.0.0.1:4010", "--fixtures="], "error: option '--fixtures <file>' argument '' is invalid. It needs the fixture file the mock was started with, e.g. --fixtures fixtures/my.json."],
    [["--mock-env", "http://127.0.0.1:4010", "--compare"], "error: --mock-env runs no case: give it alone"],
    [["-t", "bulk", "--mock-env", "http://127.0.0.1:4010"], "error: --mock-env runs no case: give it alone"],
    [["--fixtures", "f.json"], "error: --fixtures goes with --mock-env <url>"],
    [["--cases="], "error: option '--cases <glob>' argument '' is invalid. It needs a glob"],
    [["--only-cases"], "error: --only-cases needs at least one --cases <glob>"],
  ])("refuses %j: exit 2, nothing on stdout, one error shape", async (argv, message) => {
    const result = await run({}, argv);
    expect(result).toMatchObject({ code: EXIT.notStarted, stdout: "" });
    expect(result.stderr).toContain(message);
    expect(result.stderr).toMatch(/^error: [^\n]+\n\(zitadel-mock contract --help for more\)$/);
    expect(result.read("contract-summary.md")).toContain("(stale)");
  });
});

describe("--help", () => {
  it("lists the flags, the variables and the exit codes, and runs nothing", async () => {
    const result = await run({}, ["--help"]);
    expect(result).toMatchObject({ code: EXIT.ok, stderr: "" });
    expect(result.stdout).toMatch(/^Usage: zitadel-mock contract \[options\] \[vitest filters and options\]/);
    for (const text of ["--compare", "--cases <glob>", "--only-cases", "--mock-env <url>", "--fixtures <file>", "CONTRACT_BASE_URL", "ZITADEL_MOCK_FIXTURES", "2 not started"]) {
      expect(result.stdout).toContain(text);
    }
    expect(result.read("contract-summary.md")).toContain("(stale)");
  });
});
