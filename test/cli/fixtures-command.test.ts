import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseFixture } from "../../src/fixtures/load-fixture.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const cli = (...args: string[]) =>
  run(process.execPath, ["--import", "tsx", "src/cli.ts", "fixtures", ...args], { cwd: ROOT });

describe("zitadel-mock fixtures", () => {
  it("writes byte-identical files for the same options", { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "zitadel-mock-generate-"));
    const [a, b] = [join(dir, "a.json"), join(dir, "b.json")];
    const args = ["--seed", "17", "--orgs", "3", "--keys", "4"];
    const first = await cli(...args, "--out", a);
    await cli(...args, "--out", b);
    expect(first.stdout).toBe(`Wrote ${a}: 3 orgs, 7 users, 12 metadata entries (seed 17)\n`);
    const bytes = readFileSync(a);
    expect(bytes.equals(readFileSync(b))).toBe(true);
    const text = bytes.toString("utf8");
    expect(text.endsWith("}\n")).toBe(true);
    expect(parseFixture(JSON.parse(text), a).orgs).toHaveLength(3);
  });

  it("accepts seed 0 and 0 keys, as generateFixture does", { timeout: 30_000 }, async () => {
    const { stdout, stderr } = await cli("--seed", "0", "--orgs", "2", "--keys", "0", "--out", "-");
    expect(stderr).toBe("Generated 2 orgs, 5 users, 0 metadata entries (seed 0)\n");
    const fixture = parseFixture(JSON.parse(stdout), "stdout");
    expect(fixture.orgs).toHaveLength(2);
    expect(fixture.metadata).toEqual([]);
  });

  const failureOf = (...args: string[]) =>
    cli(...args, "--out", "-").then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );

  it("rejects an org count that is not a positive integer", { timeout: 30_000 }, async () => {
    const failure = await failureOf("--orgs", "0");
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("option '--orgs <n>' argument '0' is invalid. must be a positive integer.");
  });

  it("rejects a seed or a key count that is not a non-negative integer", { timeout: 30_000 }, async () => {
    const [keys, seed] = await Promise.all([failureOf("--keys", "-1"), failureOf("--seed", "1.5")]);
    expect(keys?.code).toBe(1);
    expect(keys?.stderr).toContain("option '--keys <n>' argument '-1' is invalid. must be a non-negative integer.");
    expect(seed?.code).toBe(1);
    expect(seed?.stderr).toContain("option '--seed <n>' argument '1.5' is invalid. must be a non-negative integer.");
  });
});
