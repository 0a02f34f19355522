// `zitadel-mock fixtures`, run in-process through the CLI's program (test/cli/cli-in-process.ts): the
// command's output and exit code are its whole result.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFixture } from "../../src/fixtures/load-fixture.js";
import { runCliInProcess } from "./cli-in-process.js";

const fixtures = (...args: string[]) => runCliInProcess("fixtures", ...args);

describe("zitadel-mock fixtures", () => {
  it("writes byte-identical files for the same options", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zitadel-mock-generate-"));
    const [a, b] = [join(dir, "a.json"), join(dir, "b.json")];
    const args = ["--seed", "17", "--orgs", "3", "--keys", "4"];
    const first = await fixtures(...args, "--out", a);
    await fixtures(...args, "--out", b);
    expect(first).toEqual({ code: 0, stdout: `Wrote ${a}: 3 orgs, 7 users, 12 metadata entries (seed 17)\n`, stderr: "" });
    const bytes = readFileSync(a);
    expect(bytes.equals(readFileSync(b))).toBe(true);
    const text = bytes.toString("utf8");
    expect(text.endsWith("}\n")).toBe(true);
    expect(parseFixture(JSON.parse(text), a).orgs).toHaveLength(3);
  });

  it("accepts seed 0 and 0 keys, as generateFixture does", async () => {
    const listeners = process.stdout.listenerCount("error");
    const { code, stdout, stderr } = await fixtures("--seed", "0", "--orgs", "2", "--keys", "0", "--out", "-");
    // Run in-process with its own output, it leaves the process's stdout alone (no exit on EPIPE).
    expect(process.stdout.listenerCount("error")).toBe(listeners);
    expect(code).toBe(0);
    expect(stderr).toBe("Generated 2 orgs, 5 users, 0 metadata entries (seed 0)\n");
    const fixture = parseFixture(JSON.parse(stdout), "stdout");
    expect(fixture.orgs).toHaveLength(2);
    expect(fixture.metadata).toEqual([]);
  });

  it("rejects an org count that is not a positive integer", async () => {
    const failure = await fixtures("--orgs", "0", "--out", "-");
    expect(failure.code).toBe(1);
    expect(failure.stdout).toBe("");
    expect(failure.stderr).toContain("option '--orgs <n>' argument '0' is invalid. must be a positive integer.");
  });

  it("rejects a seed or a key count that is not a non-negative integer", async () => {
    const keys = await fixtures("--keys", "-1", "--out", "-");
    const seed = await fixtures("--seed", "1.5", "--out", "-");
    expect(keys.code).toBe(1);
    expect(keys.stderr).toContain("option '--keys <n>' argument '-1' is invalid. must be a non-negative integer.");
    expect(seed.code).toBe(1);
    expect(seed.stderr).toContain("option '--seed <n>' argument '1.5' is invalid. must be a non-negative integer.");
  });

  it("ends quietly when the reader of --out - stops early (| head), in its own process", async () => {
    // About 4 MB, more than a pipe holds: the generator is still writing when the reader goes away.
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "fixtures", "--orgs", "20", "--keys", "2000", "--out", "-"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(stderr).not.toContain("EPIPE");
    expect(code).toBe(0);
  }, 30_000);
});
