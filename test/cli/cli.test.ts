/**
 * `npm start` as a user runs it: the CLI in its own process, on a free port. The processes start
 * concurrently (most of each test is the start-up of node, tsx and the mock). Argument errors, which
 * need no process, are checked in-process (test/cli/cli-in-process.ts).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import net from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCliInProcess } from "./cli-in-process.js";

const running: ChildProcess[] = [];

/**
 * Starts `tsx src/cli.ts` and collects its output. The deadlines are generous: on a busy machine, three
 * CLIs starting at once take long to compile and load (a passing run does not wait for them).
 */
const startCli = (args: string[], env: Record<string, string> = {}) => {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = output.match(pattern);
      if (match) return match;
      if (Date.now() > deadline) throw new Error(`no ${pattern} in CLI output:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { exited, waitFor, output: () => output, kill: (signal: NodeJS.Signals) => child.kill(signal) };
};

afterAll(() => {
  for (const child of running.splice(0)) child.kill();
});

describe.concurrent("npm start", () => {
  it("serves on the port it prints, with the fixture's orgs and tokens in the banner", async () => {
    const cli = startCli(["--port", "0"]);
    const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    expect(cli.output()).toContain("284012579201531908  ACME (acme.localhost)");
    expect(cli.output()).toMatch(/acme-owner-token\s+alice@acme\.localhost in ACME; ORG_OWNER@ACME/);

    const res = await fetch(`${url}/management/v1/metadata/plan`, { headers: { authorization: "Bearer acme-owner-token" } });
    expect(res.status).toBe(200);
    await cli.waitFor(/GET \/management\/v1\/metadata\/plan 200 rest \d+\.\dms/);
  }, 90_000);

  it("takes the port from ZITADEL_MOCK_PORT and prints no request lines with --quiet", async () => {
    const cli = startCli(["--quiet"], { ZITADEL_MOCK_PORT: "0" });
    const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    expect(url).not.toMatch(/:8080$/);
    await fetch(`${url}/debug/ready`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(cli.output()).not.toContain("GET /debug/ready");
  }, 90_000);

  it("stops with a message naming the file and the field when the fixture is invalid", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zitadel-mock-cli-"));
    const file = join(dir, "broken.json");
    writeFileSync(file, JSON.stringify({ orgs: [{ id: "1", name: "A", primaryDomain: "a.localhost" }], users: [], metadata: [{ orgId: "2", key: "k", value: "YQ==" }] }));
    const cli = startCli(["--port", "0", "--fixtures", file]);

    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain(`Invalid fixture ${file}`);
    expect(cli.output()).toContain("metadata[0].orgId");
  }, 90_000);

  it("takes connection-limit flags, and exits 0 at once on SIGTERM when no call is in flight", async () => {
    // A long grace period: an idle mock must not wait for it (nor for the REST gateway's warm-up).
    const cli = startCli(["--port", "0", "--quiet", "--headers-timeout", "300", "--grace", "60000"]);
    const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    // Headers that never end: 408 in ZITADEL's JSON shape after --headers-timeout.
    const answer = await new Promise<string>((resolve) => {
      let text = "";
      const socket = net.connect(Number(new URL(url!).port), "127.0.0.1", () => socket.write("GET /debug/ready HTTP/1.1\r\nHost: x\r\n"));
      socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
      socket.on("close", () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4))).toMatchObject({ code: 4 });

    expect((await fetch(`${url}/debug/ready`)).status).toBe(200);
    const signalled = Date.now();
    cli.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
  }, 30_000);

  it("stamps events from --clock, stopped there by default, for snapshot tests", async () => {
    const cli = startCli(["--port", "0", "--quiet", "--clock", "2025-01-01T09:00:00+01:00"]);
    const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    await cli.waitFor(/Clock: events and lists stamped from 2025-01-01T08:00:00\.000Z, stopped there\./);
    const call = (path: string, body: unknown) =>
      fetch(`${url}/management/v1/metadata${path}`, {
        method: "POST",
        headers: { authorization: "Bearer acme-owner-token", "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, Record<string, unknown>> }));
    const set = await call("/snapshot", { value: "eA==" });
    expect(set.status).toBe(200);
    expect(set.body.details).toMatchObject({ creationDate: "2025-01-01T08:00:00Z" });
    const list = await call("/_search", { queries: [{ keyQuery: { key: "snapshot" } }] });
    expect(list.body.details).toMatchObject({ totalResult: "1", viewTimestamp: "2025-01-01T08:00:00Z" });
    expect(list.body.result).toMatchObject([{ key: "snapshot", details: { creationDate: "2025-01-01T08:00:00Z" } }]);
  }, 90_000);

  it("refuses a --clock without a time zone, and a --clock-step that is no number of ms", async () => {
    const local = await runCliInProcess("--clock", "2025-01-01T09:00:00");
    expect(local.code).toBe(1);
    expect(local.stderr).toMatch(/--clock <date-time>.*must be a date, or a date and time with its zone \(RFC 3339\)/);
    const step = await runCliInProcess("--clock", "2025-01-01", "--clock-step", "-5");
    expect(step.code).toBe(1);
    expect(step.stderr).toMatch(/--clock-step.*must be an integer from 0 to 86400000/);
    const alone = await runCliInProcess("--clock-step", "1000");
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(/^error: --clock-step needs --clock\n/);
  });

  it("refuses a port that is not a number, and says why", async () => {
    const result = await runCliInProcess("--port", "eighty");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--port.*must be an integer from 0 to 65535/);
  });

  it("refuses an empty file flag (`--fixtures=`) as a usage error, not as a missing file", async () => {
    for (const flag of ["--fixtures", "--faults", "--state-file"]) {
      const result = await runCliInProcess(`${flag}=`);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^error: option '${flag} <[a-z]+>' argument '' is invalid. must be a file path.\n`));
    }
  });

  it("names a mistyped command as unknown, with the commands there are", async () => {
    const result = await runCliInProcess("fixture", "--orgs", "2");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("error: unknown command 'fixture' (the commands are serve, fixtures, contract)\n(zitadel-mock --help for more)\n");
  });

  it("points to serve --help after a mistyped flag, with the flag it probably means, instead of printing the whole help", async () => {
    const result = await runCliInProcess("--prot", "4010");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("error: unknown option '--prot'\n(Did you mean --port?)\n(zitadel-mock serve --help lists every flag)\n");
  });
});
