import { readFileSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { addControlOptions, type ControlCliOptions, controlServerOptions } from "../control/cli-options.js";
import { FaultRuleError } from "../control/fault-rule-error.js";
import { FixtureError } from "../fixtures/fixture-error.js";
import { startFixtureRead } from "../fixtures/fixture-thread.js";
import type { MockServer, MockServerOptions, OpeningMockServer } from "../server/mock-server.js";
import { DEFAULT_FIXTURES, DEFAULT_GRACE_MS, DEFAULT_HOST, DEFAULT_PORT } from "../server/mock-server-defaults.js";
import { type DelayRange, parseDelay } from "../server/response-delay.js";
import type { RequestLogEntry } from "../server/request-log.js";
import { describeStartup } from "../server/startup-banner.js";
import { steppingClock } from "../core/clock.js";
import { dateTimeArgument, fileArgument, integerArgument } from "./arguments.js";
import { addLimitOptions, limitsFromOptions } from "./limit-options.js";

interface ServeOptions extends ControlCliOptions {
  port: number;
  host: string;
  fixtures: string;
  delay?: DelayRange;
  clock?: Date;
  clockStep: number;
  quiet?: boolean;
  grace: number;
}

const parseDelayOption = (value: string): DelayRange => {
  try {
    return parseDelay(value);
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}.`);
  }
};

/** Exit code of a process ended by a signal, as shells report it. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * SIGINT/SIGTERM: stop accepting, let in-flight calls finish (at most `graceMs`), exit 0. A second
 * signal exits at once.
 */
const stopOnSignals = (mock: MockServer, graceMs: number): void => {
  let stopping = false;
  const onSignal = (signal: keyof typeof SIGNAL_EXIT): void => {
    if (stopping) {
      console.error(`zitadel-mock: ${signal} again, exiting at once`);
      process.exit(SIGNAL_EXIT[signal]);
    }
    stopping = true;
    console.error(`zitadel-mock: ${signal}, stopping (in-flight calls get up to ${graceMs} ms; send it again to exit at once)`);
    void mock.stop({ graceMs }).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  stopWhenNpmIsGone(() => onSignal("SIGTERM"));
};

/** The parent of process `pid` (Linux, from /proc), or undefined where that cannot be read. */
const parentOf = (pid: number): number | undefined => {
  try {
    // /proc/<pid>/stat: "pid (command) state ppid ..."; the command may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Started by npm (`npx zitadel-mock`, a package.json script), this process runs under npm's shell
 * (npm -> sh -> node), which does not pass SIGTERM on, and stays when npm is killed outright: the
 * server would outlive the `kill` of npm. So here npm going away (or the shell) counts as a SIGTERM.
 * Not when started otherwise (`nohup`, a terminal that closes): there, outliving the parent may be
 * the point.
 */
const stopWhenNpmIsGone = (stop: () => void): void => {
  if (!process.env.npm_command) return;
  const parent = process.ppid;
  const grandparent = parentOf(parent);
  const watch = setInterval(() => {
    if (process.ppid === parent && (grandparent === undefined || grandparent <= 1 || isAlive(grandparent))) return;
    clearInterval(watch);
    stop();
  }, 250);
  watch.unref();
};

const serve = async (options: ServeOptions, limits: MockServerOptions["limits"]): Promise<void> => {
  // A large fixture's worker thread starts first, the server's modules load meanwhile (decision 039).
  startFixtureRead(options.fixtures);
  const [{ openMockServer }, { formatRequestLogEntry }] = await Promise.all([import("../server/mock-server.js"), import("../server/request-log.js")]);
  const onRequest = options.quiet ? undefined : (entry: RequestLogEntry) => console.log(formatRequestLogEntry(entry));
  /** A fixture, --faults or --state-file the mock cannot start from: the loader's message, exit 1. */
  function refuse(error: unknown): never {
    if (!(error instanceof FixtureError || error instanceof FaultRuleError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const clock = options.clock && { start: options.clock, stepMs: options.clockStep };
  let mock: OpeningMockServer;
  try {
    // Listens before the transports are in (decision 027): the liveness probe answers at once.
    mock = openMockServer({
      fixtures: options.fixtures,
      port: options.port,
      host: options.host,
      delay: options.delay,
      clock: clock && steppingClock(clock.start, clock.stepMs),
      onRequest,
      limits,
      ...controlServerOptions(options),
    });
  } catch (error) {
    refuse(error);
  }
  let url: string;
  let address: string;
  try {
    // Listens while the fixture loads (a large one on a worker thread, decision 036): the liveness probe answers meanwhile.
    ({ url, address } = await mock.start());
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(code === "EADDRINUSE" ? `Port ${options.port} on ${options.host} is already in use; pick another with --port (0 picks a free one).` : String(error));
    process.exit(1);
  }
  console.log(describeStartup(url, await mock.seeded.catch(refuse), { address, clock }));
  // Signals are handled from the start: a SIGTERM while the transports still load stops gracefully too.
  stopOnSignals(mock, options.grace);
  await mock.ready.catch(refuse);
};

/** The limit flags as `limits`; a combination that cannot work is a usage error (exit 1, with help). */
const limitsOrUsageError = (options: ServeOptions, command: Command): MockServerOptions["limits"] => {
  try {
    return limitsFromOptions(options as unknown as Record<string, unknown>);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return command.error(`error: ${error.message}`);
  }
};

/** serve's own flags first, then the control plane's, then the connection limits (each its own `--help` group). */
export const serveCommand = (): Command =>
  addLimitOptions(
    addControlOptions(
      new Command("serve")
        .description("serve the mock (the default command)")
        .addOption(new Option("--port <port>", "port to listen on; 0 picks a free one").env("ZITADEL_MOCK_PORT").default(DEFAULT_PORT).argParser(integerArgument(0, 65535, "an integer from 0 to 65535")))
        .addOption(new Option("--host <host>", "address to bind").env("ZITADEL_MOCK_HOST").default(DEFAULT_HOST))
        .addOption(new Option("--fixtures <file>", "fixture file that seeds orgs, users, tokens and metadata").env("ZITADEL_MOCK_FIXTURES").default(DEFAULT_FIXTURES, "the bundled fixtures/default.json").argParser(fileArgument))
        .addOption(new Option("--delay <ms|min-max>", "simulated latency for every API call, e.g. 300 or 100-800").env("ZITADEL_MOCK_DELAY").argParser(parseDelayOption))
        .addOption(
          new Option("--clock <date-time>", "stamp events from this instant instead of the system clock (RFC 3339, e.g. 2025-01-01T09:00:00Z)")
            .env("ZITADEL_MOCK_CLOCK")
            .argParser(dateTimeArgument),
        )
        .addOption(
          new Option("--clock-step <ms>", "with --clock: how far the clock moves at each write (a bulk write's events share one instant) and each list; 0 stops it")
            .env("ZITADEL_MOCK_CLOCK_STEP")
            .default(0)
            .argParser(integerArgument(0, 86_400_000, "an integer from 0 to 86400000")),
        )
        .addOption(new Option("--quiet", "do not print a line per request").env("ZITADEL_MOCK_QUIET"))
        .addOption(
          new Option("--grace <ms>", "on SIGINT/SIGTERM, how long in-flight calls may take to finish")
            .env("ZITADEL_MOCK_GRACE_MS")
            .default(DEFAULT_GRACE_MS)
            .argParser(integerArgument(0, 600_000, "an integer from 0 to 600000")),
        )
        .optionsGroup("Control plane (/__mock/*, the inspector page, the request journal, fault rules):"),
    ),
  )
    // Its help is long: after a usage error, a pointer to it rather than the whole text below the error.
    .showHelpAfterError("(zitadel-mock serve --help lists every flag)")
    .action((options: ServeOptions, command: Command) => {
      if (options.clock === undefined && command.getOptionValueSource("clockStep") !== "default") command.error("error: --clock-step needs --clock");
      return serve(options, limitsOrUsageError(options, command));
    });
