import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Command, type OutputConfiguration } from "commander";
import { integerArgument } from "./arguments.js";

interface FixturesOptions {
  seed: number;
  orgs: number;
  keys: number;
  userKeys: number;
  out: string;
}

const positiveInteger = integerArgument(1, Number.MAX_SAFE_INTEGER, "a positive integer");
const nonNegativeInteger = integerArgument(0, Number.MAX_SAFE_INTEGER, "a non-negative integer");

/** The command's default output (commander's own default cannot be told from a configured one). */
const toStdout = (text: string): void => void process.stdout.write(text);

let quietOnClosedStdout = false;
/**
 * A reader of stdout that stops early (`--out - | head`) ends the command quietly, as it ends other
 * Unix tools, instead of with an EPIPE stack trace.
 */
const endQuietlyWhenStdoutCloses = (): void => {
  if (quietOnClosedStdout) return;
  quietOnClosedStdout = true;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(0);
  });
};

/**
 * Writes a deterministic fixture (same options -> byte-identical file); `--out -` prints it to stdout.
 * Prints through commander's output of the command (process.stdout/stderr unless configured otherwise,
 * as the tests do to run the CLI in-process).
 */
const writeFixture = async (options: FixturesOptions, output: OutputConfiguration): Promise<void> => {
  const writeOut = output.writeOut ?? toStdout;
  const writeErr = output.writeErr ?? ((text: string) => process.stderr.write(text));
  // The generator (and faker with it) is loaded for this command only.
  const { generateFixture } = await import("../fixtures/generate-fixture.js");
  const fixture = generateFixture({ seed: options.seed, orgs: options.orgs, keys: options.keys, userKeys: options.userKeys });
  const json = JSON.stringify(fixture, null, 2) + "\n";
  const userEntries = fixture.userMetadata === undefined ? "" : `, ${fixture.userMetadata.length} user metadata entries`;
  const summary = `${fixture.orgs.length} orgs, ${fixture.users.length} users, ${fixture.metadata.length} metadata entries${userEntries} (seed ${options.seed})`;
  if (options.out === "-") {
    // Only on the real stdout: a run in-process with its own output must not exit the process.
    if (output.writeOut === toStdout) endQuietlyWhenStdoutCloses();
    writeOut(json);
    writeErr(`Generated ${summary}\n`);
    return;
  }
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, json);
  writeOut(`Wrote ${options.out}: ${summary}\n`);
};

export const fixturesCommand = (): Command =>
  new Command("fixtures")
    .description("generate a deterministic fixture file (orgs, users, tokens, org and user metadata)")
    .option("--seed <n>", "faker seed", nonNegativeInteger, 1)
    .option("--orgs <n>", "number of organizations", positiveInteger, 3)
    .option("--keys <n>", "metadata entries per organization", nonNegativeInteger, 5)
    .option("--user-keys <n>", "user metadata entries per user (0: no userMetadata in the file)", nonNegativeInteger, 0)
    .option("--out <file>", 'output file, "-" for stdout', "fixtures/generated.json")
    .showHelpAfterError()
    .configureOutput({ writeOut: toStdout })
    .action((options: FixturesOptions, command: Command) => writeFixture(options, command.configureOutput()));
