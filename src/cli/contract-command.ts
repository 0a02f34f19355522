import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { Command } from "commander";
import { packageFile } from "../package-root.js";

/**
 * The contract suite's runner (contract-tests/run-contract.ts, the contract kit's), compiled when this
 * CLI runs compiled, else under tsx (in the repository).
 */
const runner = (): { file: string; nodeArgs: string[] } =>
  import.meta.url.endsWith(".js")
    ? { file: packageFile("dist", "contract-tests", "run-contract.js"), nodeArgs: [] }
    : { file: packageFile("contract-tests", "run-contract.ts"), nodeArgs: ["--import", "tsx"] };

/**
 * Runs the runner in its own process (it runs vitest, which wants a process of its own) with the
 * caller's environment; reports go to ./reports of the caller (or CONTRACT_REPORT_DIR from there).
 */
const runContract = (args: readonly string[]): Promise<never> => {
  const { file, nodeArgs } = runner();
  const env = { ...process.env, CONTRACT_REPORT_DIR: resolve(process.env.CONTRACT_REPORT_DIR ?? "reports") };
  const child = spawn(process.execPath, [...nodeArgs, file, ...args], { stdio: "inherit", env });
  // Ctrl+C reaches the runner through the terminal's process group; SIGTERM sent to this process is passed on.
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGTERM", forward);
  return new Promise<never>(() =>
    child.on("exit", (code, signal) => {
      process.off("SIGTERM", forward);
      process.exit(code ?? (signal ? 1 : 0));
    }),
  );
};

/**
 * The runner reads its own flags (contract-tests/contract-args.ts, with commander too) and prints its
 * own help: this command passes every argument on, `--help` included.
 */
export const contractCommand = (): Command => {
  const command = new Command("contract")
    .description("run the contract suite against CONTRACT_BASE_URL or the bundled mock; reports into ./reports ('contract --help' lists its flags and variables)")
    .argument("[options...]", "the contract command's flags, and vitest's")
    .helpOption(false)
    .allowUnknownOption()
    .action((args: string[]) => runContract(args));
  // `zitadel-mock help contract` would print this command's help; with this one empty, commander goes on
  // to run the command with `--help`, and the runner prints the real one.
  command.help = (() => undefined) as unknown as Command["help"];
  return command;
};
