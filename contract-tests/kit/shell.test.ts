// mock-env's output is eval'd by a shell: every value must arrive verbatim, nothing in it may run.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { exportLines, shellQuote } from "./shell.js";

const hostile = {
  CONTRACT_TOKEN: "a$(touch /tmp/pwned-by-token)b`id`$HOME",
  CONTRACT_READONLY_TOKEN: `it's "quoted" \\ and 'single'`,
  CONTRACT_NO_MEMBERSHIP_TOKEN: "line one\nline two; echo injected",
  CONTRACT_ORG_ID: "",
};

describe("shell-safe assignments", () => {
  it("quotes with single quotes and escapes a single quote as '\\''", () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(exportLines({ A: "x" })).toBe("export A='x'");
  });

  it("eval in sh gives back every value byte for byte and runs nothing", () => {
    const script = `${exportLines(hostile)}\nfor n in ${Object.keys(hostile).join(" ")}; do eval "printf '%s\\0' \\"\\$$n\\""; done`;
    const run = spawnSync("sh", ["-c", script], { encoding: "utf8" });

    expect(run.status).toBe(0);
    expect(run.stdout.split("\0").slice(0, -1)).toEqual(Object.values(hostile));
    expect(run.stdout).not.toContain("injected\n");
  });

  it("refuses a name that is not a shell identifier", () => {
    expect(() => exportLines({ "A;rm": "x" })).toThrow(/not a shell variable name/);
  });
});
