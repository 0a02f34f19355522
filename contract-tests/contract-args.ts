/**
 * The contract command's own flags, read with commander as the rest of the CLI reads its flags;
 * whatever it does not know (test-name filters, `-t`, `--reporter`...) goes on to vitest. A usage
 * error is one shape, as everywhere in the CLI: `error: <what is wrong>` and a pointer to `--help`.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import type { TestUserConfig } from "vitest/node";
import { CONTRACT_ENV, type Env, mockBaseUrl } from "./kit/env.js";

/** The variable `zitadel-mock serve` reads its fixture file from: a mock started with it needs no `--fixtures` here. */
export const FIXTURES_ENV = "ZITADEL_MOCK_FIXTURES";

export interface ContractArgs {
  compare: boolean;
  cases: string[];
  onlyCases: boolean;
  /** `--mock-env <url>`: print the variables for that mock instead of running. */
  mockEnv?: string;
  /** With `--mock-env`: the fixture file of that mock, from `--fixtures` or ZITADEL_MOCK_FIXTURES (as given, unresolved). */
  fixtures?: string;
  vitest: { filter: string[]; options: TestUserConfig };
}

/** The arguments to run with, or the exit code when they say to run nothing (`--help`: 0; a usage error: `usageExitCode`). */
export type ReadArgs = { args: ContractArgs } | { exitCode: number };

const HELP_POINTER = "(zitadel-mock contract --help for more)";

/** A usage error as the command writes every one (commander's own included): what is wrong, then where help is. */
export const usageError = (message: string): string => `error: ${message}\n${HELP_POINTER}`;

interface ReadOptions {
  env: Env;
  out: (line: string) => void;
  err: (line: string) => void;
  usageExitCode: number;
}

const refusingEmpty = (value: string, needs: string): string => {
  if (value.trim() === "") throw new InvalidArgumentError(`It needs ${needs}.`);
  return value;
};

/** For a flag given once: a second one is refused instead of silently winning. */
const once =
  <T>(flag: string, parse: (value: string) => T) =>
  (value: string, previous: T | undefined): T => {
    if (previous !== undefined) throw new InvalidArgumentError(`${flag} is already given (${String(previous)}); give it once.`);
    return parse(value);
  };

const asArgument = (parse: (value: string) => string) => (value: string) => {
  try {
    return parse(value);
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}.`);
  }
};

const environmentHelp = (): string =>
  [
    "",
    "Environment:",
    ...Object.entries({ ...CONTRACT_ENV, [FIXTURES_ENV]: "With --mock-env, when --fixtures is not given: the fixture file (as zitadel-mock serve reads it)." }).map(
      ([name, text]) => `  ${name.padEnd(30)} ${text}`,
    ),
    "",
    "Examples:",
    "  zitadel-mock contract                        # the suite against the bundled mock, in-process",
    "  zitadel-mock contract -t GetOrgMetadata      # only the cases whose name matches (a vitest filter)",
    '  eval "$(zitadel-mock contract --mock-env http://127.0.0.1:4010)"   # then zitadel-mock contract runs against that mock',
    "",
    "Exit codes: 0 passed (and, with --compare, no difference), 1 failures, differences or no case run, 2 not started (a usage error, a refused configuration, a failed preflight).",
  ].join("\n");

const contractFlags = (io: ReadOptions): Command =>
  new Command("zitadel-mock contract")
    .usage("[options] [vitest filters and options]")
    .description("Runs the contract suite against CONTRACT_BASE_URL, or against the bundled mock when it is unset; reports go to ./reports.")
    .option("--compare", "run the cases against the target and against the bundled mock, and report every case whose outcome or responses differ (contract-compare.md, contract-compare-junit.xml)")
    .option("--cases <glob>", "add your own case files (written with zitadel-mock/contract); repeatable", (value: string, previous: string[] | undefined) => [
      ...(previous ?? []),
      refusingEmpty(value, "a glob, e.g. --cases 'contract/**/*.contract.test.ts'"),
    ])
    .option("--only-cases", "run only the --cases files, not the kit's")
    .addOption(
      new Option("--mock-env <url>", "run nothing: print the CONTRACT_* variables (shell export lines) that point the suite at a mock started with the CLI at <url>").argParser(
        once("--mock-env", asArgument(mockBaseUrl)),
      ),
    )
    .addOption(
      new Option("--fixtures <file>", `with --mock-env: the fixture file that mock was started with (default: $${FIXTURES_ENV}, else the bundled one)`).argParser(
        once("--fixtures", (value) => refusingEmpty(value, "the fixture file the mock was started with, e.g. --fixtures fixtures/my.json")),
      ),
    )
    .helpOption("-h, --help", "this text")
    .addHelpText("after", environmentHelp)
    .allowUnknownOption()
    .allowExcessArguments()
    .showHelpAfterError(HELP_POINTER)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) });

interface CommanderOptions {
  compare?: true;
  cases?: string[];
  onlyCases?: true;
  mockEnv?: string;
  fixtures?: string;
}

/** The flags that go together, checked once commander has read them all. */
const checkCombination = (own: CommanderOptions & { cases: string[] }, vitestArgs: readonly string[]): string | undefined => {
  if (own.onlyCases && own.cases.length === 0) return "--only-cases needs at least one --cases <glob>";
  if (own.fixtures !== undefined && own.mockEnv === undefined) return "--fixtures goes with --mock-env <url>";
  if (own.mockEnv !== undefined && (own.compare || own.cases.length > 0 || vitestArgs.length > 0)) {
    return "--mock-env runs no case: give it alone (with --fixtures at most), then run the suite with the variables it prints";
  }
  return undefined;
};

/** `argv` as the command's arguments (no node, no script). */
export async function readContractArgs(argv: readonly string[], io: ReadOptions): Promise<ReadArgs> {
  const command = contractFlags(io);
  try {
    command.parse([...argv], { from: "user" });
    const { cases = [], ...flags } = command.opts<CommanderOptions>();
    const own = { ...flags, cases };
    const problem = checkCombination(own, command.args);
    if (problem !== undefined) command.error(`error: ${problem}`);
    let vitest: ContractArgs["vitest"];
    try {
      vitest = await parseVitestArgs(command.args);
    } catch (error) {
      return command.error(`error: vitest: ${(error as Error).message}`);
    }
    const fixtures = own.mockEnv === undefined ? undefined : (own.fixtures ?? (io.env[FIXTURES_ENV] || undefined));
    return {
      args: {
        compare: own.compare === true,
        cases: own.cases,
        onlyCases: own.onlyCases === true,
        ...(own.mockEnv === undefined ? {} : { mockEnv: own.mockEnv }),
        ...(fixtures === undefined ? {} : { fixtures }),
        vitest,
      },
    };
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return { exitCode: error.code === "commander.helpDisplayed" || error.code === "commander.help" ? 0 : io.usageExitCode };
  }
}

async function parseVitestArgs(args: string[]): Promise<ContractArgs["vitest"]> {
  if (args.length === 0) return { filter: [], options: {} };
  const { parseCLI } = await import("vitest/node");
  const { filter, options } = parseCLI(["vitest", ...args]);
  return { filter, options: options as TestUserConfig };
}
