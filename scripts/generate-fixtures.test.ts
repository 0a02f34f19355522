import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseFixture } from "../src/fixtures/load-fixture.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const cli = (...args: string[]) =>
  run(process.execPath, ["--import", "tsx", "scripts/generate-fixtures.ts", ...args], { cwd: ROOT });

describe("scripts/generate-fixtures.ts", () => {
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

  it("rejects a count that is not a positive integer", { timeout: 30_000 }, async () => {
    const failure = await cli("--orgs", "0", "--out", "-").then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("option '--orgs <n>' argument '0' is invalid. must be a positive integer.");
  });
});
