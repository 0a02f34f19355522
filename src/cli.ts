#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from "commander";
import { addControlOptions, type ControlCliOptions, controlServerOptions } from "./control/cli-options.js";
import { FaultRuleError } from "./control/fault-rules.js";
import { FixtureError } from "./fixtures/load-fixture.js";
import { createMockServer, DEFAULT_FIXTURES, DEFAULT_HOST, DEFAULT_PORT, type MockServer } from "./server/mock-server.js";
import { type DelayRange, parseDelay } from "./server/response-delay.js";
import { formatRequestLogEntry, type RequestLogEntry } from "./server/request-log.js";
import { describeStartup } from "./server/startup-banner.js";

const parsePort = (value: string): number => {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError("must be an integer from 0 to 65535.");
  return port;
};

const parseDelayOption = (value: string): DelayRange => {
  try {
    return parseDelay(value);
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}.`);
  }
};

const program = new Command("zitadel-mock")
  .description("A stateful mock of ZITADEL's Management API v1 organization metadata (REST, gRPC, gRPC-web) on one port.")
  .addOption(new Option("--port <port>", "port to listen on; 0 picks a free one").env("ZITADEL_MOCK_PORT").default(DEFAULT_PORT).argParser(parsePort))
  .addOption(new Option("--host <host>", "address to bind").env("ZITADEL_MOCK_HOST").default(DEFAULT_HOST))
  .addOption(new Option("--fixtures <file>", "fixture file that seeds orgs, users, tokens and metadata").env("ZITADEL_MOCK_FIXTURES").default(DEFAULT_FIXTURES, "fixtures/default.json"))
  .addOption(new Option("--delay <ms|min-max>", "simulated latency for every API call, e.g. 300 or 100-800").env("ZITADEL_MOCK_DELAY").argParser(parseDelayOption))
  .addOption(new Option("--quiet", "do not print a line per request").env("ZITADEL_MOCK_QUIET"))
  .showHelpAfterError();
addControlOptions(program); // control plane flags (src/control/cli-options.ts)

const main = async (): Promise<void> => {
  program.parse();
  const options = program.opts<{ port: number; host: string; fixtures: string; delay?: DelayRange; quiet?: boolean } & ControlCliOptions>();
  const onRequest = options.quiet ? undefined : (entry: RequestLogEntry) => console.log(formatRequestLogEntry(entry));
  let mock: MockServer;
  try {
    mock = await createMockServer({ fixtures: options.fixtures, port: options.port, host: options.host, delay: options.delay, onRequest, ...controlServerOptions(options) });
  } catch (error) {
    if (error instanceof FixtureError || error instanceof FaultRuleError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  try {
    const { url } = await mock.start();
    console.log(describeStartup(url, mock.fixture));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(code === "EADDRINUSE" ? `Port ${options.port} on ${options.host} is already in use; pick another with --port (0 picks a free one).` : String(error));
    process.exit(1);
  }
  const shutdown = () => void mock.stop().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
};

await main();
