// The example GitHub Actions workflow users copy: the PAT reaches only the step that runs the suite,
// the secrets are checked before anything is installed, every action is pinned by commit SHA, and a
// change of the dependencies triggers it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const text = readFileSync(new URL("../docs/examples/github-actions-contract.yml", import.meta.url), "utf8");
const lines = text.split("\n");

/** The steps of the job, each as its lines (a step starts with `      - `). */
function steps(): string[][] {
  const start = lines.findIndex((line) => line.trim() === "steps:");
  const out: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^ {6}- /.test(line)) out.push([line]);
    else if (out.length > 0 && (line.startsWith("        ") || line.trim() === "")) out.at(-1)!.push(line);
  }
  return out;
}

const stepIndex = (pattern: RegExp) => steps().findIndex((step) => step.some((line) => pattern.test(line)));

describe("docs/examples/github-actions-contract.yml", () => {
  it("gives the secret values to one step only, the one that runs the suite", () => {
    const withSecretValues = steps().filter((step) => step.some((line) => /\$\{\{\s*secrets\.\w+\s*\}\}/.test(line)));
    expect(withSecretValues).toHaveLength(1);
    expect(withSecretValues[0]!.join("\n")).toMatch(/run: npm run contract/);
    // Nothing above the steps (workflow or job env) names a secret value.
    const head = lines.slice(0, lines.findIndex((line) => line.trim() === "steps:")).join("\n");
    expect(head).not.toMatch(/\$\{\{\s*secrets\.\w+\s*\}\}/);
  });

  it("checks that the required secrets exist, without their values, before anything is installed", () => {
    const check = stepIndex(/name: Check the secrets/);
    expect(check).toBe(0);
    expect(check).toBeLessThan(stepIndex(/run: npm ci/));
    expect(check).toBeLessThan(stepIndex(/actions\/setup-node@/));
    const checkStep = steps()[check]!.join("\n");
    expect(checkStep).toContain("secrets.ZITADEL_URL != ''");
    expect(checkStep).toContain("secrets.ZITADEL_CONTRACT_TOKEN != ''");
  });

  it("pins every action by a full commit SHA", () => {
    const uses = lines.filter((line) => /^\s*(- )?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d/);
  });

  it("runs on changes of the dependencies", () => {
    expect(text).toMatch(/paths:[\s\S]*- "package\.json"[\s\S]*- "package-lock\.json"/);
  });
});
