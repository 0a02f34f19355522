/**
 * `zitadel-mock fixtures --user-keys N`: user metadata in a generated fixture, N entries per user.
 * Runs the command in-process (the same commander program the CLI runs).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import { fixturesCommand } from "../../src/cli/fixtures-command.js";
import { parseFixture } from "../../src/fixtures/load-fixture.js";

afterEach(() => {
  vi.restoreAllMocks();
});

it("zitadel-mock fixtures --user-keys 2 writes 2 user metadata entries per user and says so", async () => {
  const out = join(mkdtempSync(join(tmpdir(), "zitadel-mock-generate-")), "users.json");
  // The command prints through commander's output (src/cli/fixtures-command.ts).
  let printed = "";
  const command = fixturesCommand().configureOutput({ writeOut: (text) => void (printed += text) });

  await command.parseAsync(["--seed", "3", "--orgs", "1", "--keys", "1", "--user-keys", "2", "--out", out], { from: "user" });

  expect(printed).toBe(`Wrote ${out}: 1 orgs, 3 users, 1 metadata entries, 6 user metadata entries (seed 3)\n`);
  const fixture = parseFixture(JSON.parse(readFileSync(out, "utf8")), out);
  expect(fixture.userMetadata?.map((entry) => entry.userId)).toEqual(fixture.users.flatMap((user) => [user.id, user.id]));
});
