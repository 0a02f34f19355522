/** `zitadel-mock --help` and `--version`, run in-process. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createProgram } from "../../src/cli/program.js";
import { runCliInProcess } from "./cli-in-process.js";

describe("zitadel-mock --help", () => {
  it("lists the control routes and the default fixture's tokens with their users", async () => {
    const result = await runCliInProcess("--help");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("GET  /__mock/requests");
    expect(result.stdout).toContain("GET  /__mock/orgs");
    expect(result.stdout).toContain("zitadel-mock serve --help");
    expect(result.stdout).toContain("Tokens of the default fixture (send as 'Authorization: Bearer <token>'):");
    expect(result.stdout).toMatch(/^ {2}acme-owner-token\s+alice@acme\.localhost in ACME$/m);
    expect(result.stdout).toMatch(/^ {2}iam-owner-token\s+admin@zitadel\.localhost in ZITADEL$/m);
  });

  it("lists serve's own flags first, then the control plane's and the connection limits in groups of their own", async () => {
    const { code, stdout } = await runCliInProcess("serve", "--help");
    expect(code).toBe(0);
    const at = (text: string) => stdout.indexOf(text);
    expect(at("--port <port>")).toBeGreaterThan(0);
    expect(at("--port <port>")).toBeLessThan(at("Control plane ("));
    expect(at("Control plane (")).toBeLessThan(at("--journal-size <n>"));
    expect(at("--state-file <path>")).toBeLessThan(at("Connection limits ("));
    expect(at("Connection limits (")).toBeLessThan(at("--sniff-timeout <ms>"));
  });

  it("prints the package's version with --version", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    const result = await runCliInProcess("--version");
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it("`help contract` runs the contract command with --help, so its runner prints its own help (not the passing-on command's)", async () => {
    const program = createProgram();
    const contract = program.commands.find((command) => command.name() === "contract")!;
    let passedOn: string[] | undefined;
    contract.action((args: string[]) => void (passedOn = args)); // instead of spawning the runner
    let printed = "";
    for (const command of [program, contract]) command.exitOverride().configureOutput({ writeOut: (text) => void (printed += text), writeErr: (text) => void (printed += text) });
    await program.parseAsync(["node", "zitadel-mock", "help", "contract"]);
    expect(passedOn).toEqual(["--help"]);
    expect(printed).toBe("");
  });
});
