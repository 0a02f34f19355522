/**
 * `--state-file` (the state survives a kill -9) and `--watch` (the fixture file is reloaded), as a
 * user runs them: the CLI in its own process, and the library in-process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMockServer, DEFAULT_FIXTURES, type Fixture } from "../../src/index.js";
import { ORG, TOKEN } from "../default-fixture.js";

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill("SIGKILL");
});

/** `zitadel-mock --port 0 <args>`; resolves with its URL and its output so far. */
const startCli = async (args: string[]) => {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "--port", "0", "--quiet", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  running.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000; // tsx compiles the CLI at start: slow on a busy machine
  for (;;) {
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    if (url) return { child, url, output: () => output };
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the CLI did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const killed = (child: ChildProcess) => new Promise<void>((resolve) => (child.once("exit", () => resolve()), child.kill("SIGKILL")));

const setKey = (url: string, key: string, value: string) =>
  fetch(`${url}/management/v1/metadata/${key}`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN.acmeOwner}`, "content-type": "application/json" },
    body: JSON.stringify({ value: Buffer.from(value).toString("base64") }),
  });

const keysOf = async (url: string): Promise<string[]> => {
  const res = await fetch(`${url}/management/v1/metadata/_search`, { method: "POST", headers: { authorization: `Bearer ${TOKEN.acmeOwner}` }, body: "{}" });
  return ((await res.json()) as { result?: { key: string }[] }).result?.map((row) => row.key) ?? [];
};

describe("--state-file", () => {
  it("keeps every acknowledged write across kill -9; a torn last record is ignored with a warning", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "zitadel-mock-")), "state.jsonl");
    const first = await startCli(["--state-file", stateFile]);
    const written = Array.from({ length: 40 }, (_, i) => `k${String(i).padStart(2, "0")}`);
    for (const key of written) expect((await setKey(first.url, key, `v-${key}`)).status).toBe(200);
    expect((await fetch(`${first.url}/management/v1/metadata/plan`, { method: "DELETE", headers: { authorization: `Bearer ${TOKEN.acmeOwner}` } })).status).toBe(200);
    await killed(first.child);

    appendFileSync(stateFile, '{"orgId":"1","key":"torn","val');
    const second = await startCli(["--state-file", stateFile]);
    const keys = await keysOf(second.url); // answered once the state file is read (after the banner: decision 027)
    expect(second.output()).toMatch(/state file .*state\.jsonl: the last record \(line \d+\) is incomplete and was ignored/);
    expect(keys).toEqual(expect.arrayContaining(written));
    expect(keys).not.toContain("plan");
    const k07 = (await (await fetch(`${second.url}/management/v1/metadata/k07`, { headers: { authorization: `Bearer ${TOKEN.acmeOwner}` } })).json()) as { metadata: { value: string } };
    expect(Buffer.from(k07.metadata.value, "base64").toString()).toBe("v-k07");

    // A reset goes back to the fixture, and that is what the file holds from then on.
    expect((await fetch(`${second.url}/__mock/reset`, { method: "POST" })).status).toBe(200);
    await killed(second.child);
    // Read back in-process: what loads the file is the same code, and a third process would only cost time.
    const third = await createMockServer({ port: 0, stateFile });
    try {
      expect(await keysOf((await third.start()).url)).toEqual(["plan", "region", "support.tier"]);
    } finally {
      await third.stop();
    }
  }, 240_000);
});

describe("--watch", () => {
  it("reloads the changed fixture file, which reset restores from then on; an invalid file is reported and the state kept", async () => {
    const fixtures = join(mkdtempSync(join(tmpdir(), "zitadel-mock-")), "fixture.json");
    copyFileSync(DEFAULT_FIXTURES, fixtures);
    const reported = vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    const mock = await createMockServer({ fixtures, watch: true, port: 0 });
    const { url } = await mock.start();
    try {
      const fixture = JSON.parse(readFileSync(fixtures, "utf8")) as Fixture;
      fixture.metadata.push({ orgId: ORG.acme, key: "from-watch", value: Buffer.from("yes").toString("base64") });
      writeFileSync(fixtures, JSON.stringify(fixture));
      await expect.poll(() => keysOf(url), { timeout: 5000 }).toContain("from-watch");

      expect((await setKey(url, "runtime", "x")).status).toBe(200);
      writeFileSync(fixtures, '{"orgs": [], "users": [], "metadata": [{"orgId": "nope"}]}');
      await expect.poll(() => reported.mock.calls.flat().join("\n"), { timeout: 5000 }).toMatch(
        /^Invalid fixture .*fixture\.json: metadata\[0\]\.key: required field is missing; .* \(the running state is kept\)$/m,
      );
      expect(await keysOf(url)).toContain("runtime");

      mock.reset();
      expect(await keysOf(url)).toEqual(["from-watch", "plan", "region", "support.tier"]);
    } finally {
      await mock.stop();
      vi.restoreAllMocks();
    }
  }, 30_000);
});
