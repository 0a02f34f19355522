// The drift check's comparison of two runs, without running them: outcomes and notes as vitest reports them.
import { describe, expect, it } from "vitest";
import { compareJunit, compareMarkdown, compareRuns, type RunSide } from "./compare.js";
import type { CaseResult } from "./summary.js";

const FILE = "/project/cases/org.contract.test.ts";
const side = (label: string, cases: Array<Pick<CaseResult, "name" | "state" | "note">>): RunSide => ({
  label,
  cases: cases.map((c) => ({ file: FILE, errors: [], ...c })),
  otherErrors: [],
  log: [],
});

describe("compareRuns", () => {
  it("does not compare a case the target skipped for a missing extra, and counts it apart from the differences", () => {
    const readOnly = "read-only token > gets 403 AUTH-5mWD2";
    const comparison = compareRuns({
      cwd: "/project",
      target: side("remote", [
        { name: "set > stores", state: "passed" },
        { name: readOnly, state: "skipped", note: "needs CONTRACT_READONLY_TOKEN" },
      ]),
      mock: side("bundled mock", [
        { name: "set > stores", state: "passed" },
        { name: readOnly, state: "passed" },
      ]),
    });
    expect(comparison.rows.find((row) => row.name === readOnly)).toMatchObject({ notCompared: "skipped on the target: needs CONTRACT_READONLY_TOKEN" });
    const markdown = compareMarkdown(comparison, { target: "remote", transport: "rest" });
    expect(markdown).toMatch(/^# Drift check: NO DIFFERENCE\n/);
    expect(markdown).toContain("- Cases: 2, same: 1, different: 0, not compared: 1");
    expect(markdown).toContain("| skipped | passed (0 responses) | not compared (skipped on the target: needs CONTRACT_READONLY_TOKEN) |");
    expect(compareJunit(comparison)).toContain('tests="2" failures="0" skipped="1"');
  });

  it("still reports a case that passes on the target and fails on the mock", () => {
    const comparison = compareRuns({
      cwd: "/project",
      target: side("remote", [{ name: "get > reads", state: "passed" }]),
      mock: side("bundled mock", [{ name: "get > reads", state: "failed" }]),
    });
    expect(comparison.rows).toMatchObject([{ same: false }]);
    expect(compareMarkdown(comparison, { target: "remote", transport: "rest" })).toMatch(/^# Drift check: 1 DIFFERENCE\n/);
  });
});
