/**
 * Runs the `zitadel-mock` program in this process, as the bin runs it with these arguments: commander's
 * output captured and its exits (parse errors, --help, --version) turned into a result instead of
 * process.exit. For commands whose result is their output and exit code (fixtures, argument errors);
 * what only a process can show (the bin, signals, process.exit from an action) is tested with spawn.
 */
import { type Command, CommanderError } from "commander";
import { createProgram } from "../../src/cli/program.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCliInProcess(...args: string[]): Promise<CliResult> {
  const result: CliResult = { code: 0, stdout: "", stderr: "" };
  // Subcommands added with addCommand keep their own settings: configure every command of the tree.
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput({ writeOut: (text) => void (result.stdout += text), writeErr: (text) => void (result.stderr += text) });
    command.commands.forEach(configure);
  };
  const program = createProgram();
  configure(program);
  try {
    await program.parseAsync(["node", "zitadel-mock", ...args]);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    result.code = error.exitCode;
  }
  return result;
}
