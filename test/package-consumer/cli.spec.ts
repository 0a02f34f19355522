/**
 * The installed `zitadel-mock` command as a user runs it: the bin npm links into node_modules/.bin
 * (what `npx zitadel-mock` and package.json scripts run), a process of its own.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

const BIN = "node_modules/.bin/zitadel-mock";
const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill("SIGKILL");
});

/** Starts the mock with `command` (the bin, or npx and the bin's name) and waits for its URL. */
const serveWith = async (command: string, args: string[]) => {
  const child = spawn(command, [...args, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  running.push(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  let url: string | undefined;
  while (!url) {
    url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    if (Date.now() > deadline) throw new Error(`the mock did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, url, exited, output: () => output };
};
const serve = (...args: string[]) => serveWith(BIN, args);

const stopsAnswering = async (url: string, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(`${url}/debug/healthz`);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
};

describe("npx zitadel-mock", () => {
  it("prints its version and, in --help, the subcommands, the control endpoints and the default tokens", async () => {
    const { stdout: version } = await promisify(execFile)("npx", ["zitadel-mock", "--version"]);
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const { stdout: help } = await promisify(execFile)("npx", ["zitadel-mock", "--help"]);
    expect(help).toMatch(/serve[\s\S]*fixtures[\s\S]*contract/);
    expect(help).toContain("POST /__mock/reset");
    expect(help).toContain("acme-owner-token");
  }, 120_000);

  it("answers healthz and a REST call, then stops on SIGTERM with exit 0", async () => {
    const mock = await serve();
    expect(await (await fetch(`${mock.url}/debug/healthz`)).text()).toBe("ok");
    const res = await fetch(`${mock.url}/management/v1/metadata/plan`, { headers: { authorization: "Bearer acme-owner-token" } });
    expect(res.status).toBe(200);
    mock.child.kill("SIGTERM");
    expect(await mock.exited).toBe(0);
  }, 120_000);

  it("finishes a call waiting for --delay before it exits on SIGTERM", async () => {
    const mock = await serve("--delay", "800", "--quiet");
    const pending = fetch(`${mock.url}/management/v1/metadata/plan`, { headers: { authorization: "Bearer acme-owner-token" } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    mock.child.kill("SIGTERM");
    expect((await pending).status).toBe(200);
    expect(await mock.exited).toBe(0);
    await expect(fetch(`${mock.url}/debug/healthz`)).rejects.toThrow();
  }, 120_000);

  it("leaves no server behind when npx itself is killed (npm's shell does not pass SIGTERM on)", async () => {
    const mock = await serveWith("npx", ["zitadel-mock", "--quiet"]);
    mock.child.kill("SIGTERM");
    await mock.exited;
    expect(await stopsAnswering(mock.url, 10_000)).toBe(true);
  }, 120_000);
});
