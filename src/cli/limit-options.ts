import { type Command, Option } from "commander";
import { type ConnectionLimits, checkConnectionLimits, DEFAULT_CONNECTION_LIMITS } from "../server/connection-limits.js";
import { integerArgument } from "./arguments.js";

interface LimitFlag {
  readonly limit: keyof ConnectionLimits;
  /** The flag without its value, e.g. `--headers-timeout`. */
  readonly flag: string;
  readonly unit: "ms" | "n" | "bytes";
  readonly description: string;
}

/** One flag per connection limit (decision 016), in the order `--help` lists them. */
const LIMIT_FLAGS: readonly LimitFlag[] = [
  { limit: "sniffTimeoutMs", flag: "--sniff-timeout", unit: "ms", description: "a new connection must send its first bytes within this" },
  { limit: "headersTimeoutMs", flag: "--headers-timeout", unit: "ms", description: "HTTP/1.1: request line and headers within this, else 408" },
  { limit: "requestTimeoutMs", flag: "--request-timeout", unit: "ms", description: "the whole request, body included, within this (HTTP/1.1: 408; HTTP/2: stream cancelled)" },
  { limit: "keepAliveTimeoutMs", flag: "--keep-alive-timeout", unit: "ms", description: "HTTP/1.1: an idle kept-alive connection is closed after this" },
  { limit: "h2IdleTimeoutMs", flag: "--h2-idle-timeout", unit: "ms", description: "HTTP/2: a session silent for this long is told to go away" },
  { limit: "h2MaxConcurrentStreams", flag: "--h2-max-streams", unit: "n", description: "HTTP/2: concurrent streams per session (SETTINGS_MAX_CONCURRENT_STREAMS)" },
  { limit: "maxQueuedRequestsPerConnection", flag: "--max-queued-requests", unit: "n", description: "HTTP/1.1: pipelined requests waiting on one connection; past it the connection is closed" },
  { limit: "maxUnsentBytesPerConnection", flag: "--max-unsent-per-connection", unit: "bytes", description: "HTTP/1.1: a connection's next request waits until its unsent data is below this" },
  { limit: "maxUnsentBytesTotal", flag: "--max-unsent-total", unit: "bytes", description: "unsent response data of all connections; past it the connections holding most are closed" },
  { limit: "maxUnfinishedBodyBytesTotal", flag: "--max-unfinished-bodies", unit: "bytes", description: "received bytes of unfinished request bodies, all connections; past it the largest are cut off" },
  { limit: "maxConnections", flag: "--max-connections", unit: "n", description: "open connections at most; more are refused" },
];

const VALUE_NAME = { ms: "<ms>", n: "<n>", bytes: "<bytes>" } as const;
const parseLimit = integerArgument(1, Number.MAX_SAFE_INTEGER, "a whole number of at least 1");
/** `--headers-timeout` -> ZITADEL_MOCK_HEADERS_TIMEOUT(_MS). */
const envName = ({ flag, unit }: LimitFlag): string => `ZITADEL_MOCK_${flag.slice(2).replace(/-/g, "_").toUpperCase()}${unit === "ms" ? "_MS" : ""}`;

const optionOf = (spec: LimitFlag): Option =>
  new Option(`${spec.flag} ${VALUE_NAME[spec.unit]}`, spec.description)
    .env(envName(spec))
    .default(DEFAULT_CONNECTION_LIMITS[spec.limit])
    .argParser(parseLimit)
    .helpGroup("Connection limits (one client cannot stall or bloat the mock; the README's \"Connection limits\" explains them):");

/** The connection-limit flags of `zitadel-mock serve`; `limitsFromOptions` reads them back. */
export const addLimitOptions = (command: Command): Command => {
  for (const spec of LIMIT_FLAGS) command.addOption(optionOf(spec));
  return command;
};

/**
 * The limits given on the command line (the rest keep their defaults), checked together: a
 * combination Node would refuse (headers allowed longer than the whole request) is a usage error.
 */
export const limitsFromOptions = (options: Record<string, unknown>): Partial<ConnectionLimits> => {
  const limits: Partial<Record<keyof ConnectionLimits, number>> = {};
  for (const spec of LIMIT_FLAGS) {
    const value = options[optionOf(spec).attributeName()];
    if (typeof value === "number") limits[spec.limit] = value;
  }
  checkConnectionLimits({ ...DEFAULT_CONNECTION_LIMITS, ...limits }, (limit) => LIMIT_FLAGS.find((spec) => spec.limit === limit)?.flag ?? limit);
  return limits;
};
