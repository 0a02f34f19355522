import { Command } from "commander";
import { PACKAGE_VERSION } from "../package-root.js";
import { contractCommand } from "./contract-command.js";
import { fixturesCommand } from "./fixtures-command.js";
import { describeControls } from "./help-text.js";
import { serveCommand } from "./serve-command.js";

/**
 * A first word that names no command (`zitadel-mock fixture --orgs 2`) would go to serve, the default
 * command, and be refused there for its flags: refused instead as the unknown command it is.
 */
const refuseUnknownCommand = (program: Command, subcommand: Command): void => {
  const [first] = program.args;
  // `help <command>` reaches here for a command that prints its own help (contract).
  if (first === undefined || first.startsWith("-") || first === subcommand.name() || first === "help") return;
  program.error(`error: unknown command '${first}' (the commands are ${program.commands.map((command) => command.name()).join(", ")})`);
};

/** The whole CLI; `argv` as `process.argv` (node, script, arguments...). */
export const createProgram = (): Command =>
  new Command("zitadel-mock")
    .description("A stateful mock of ZITADEL's organization and user metadata APIs (Management API v1, Organization v2beta, User v2): REST, gRPC, gRPC-web and, for v2, Connect on one port.")
    .version(PACKAGE_VERSION, "-v, --version")
    .addCommand(serveCommand(), { isDefault: true })
    .addCommand(fixturesCommand())
    .addCommand(contractCommand())
    .addHelpText("after", () => describeControls())
    .hook("preSubcommand", refuseUnknownCommand)
    .showHelpAfterError("(zitadel-mock --help for more)");

export const runCli = async (argv: readonly string[]): Promise<void> => {
  await createProgram().parseAsync([...argv]);
};
