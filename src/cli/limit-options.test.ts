import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONNECTION_LIMITS } from "../server/connection-limits.js";
import { addLimitOptions, limitsFromOptions } from "./limit-options.js";

/** Parses `args` as `zitadel-mock serve` would; a usage error is thrown with commander's message. */
const parse = (args: string[], env: Record<string, string> = {}) => {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const command = addLimitOptions(new Command("serve")).exitOverride().configureOutput({ writeErr: () => {} });
    command.parse(args, { from: "user" });
    return limitsFromOptions(command.opts());
  } finally {
    process.env = saved;
  }
};

describe("connection-limit flags", () => {
  it("gives every limit its default when no flag is set", () => {
    expect(parse([])).toEqual(DEFAULT_CONNECTION_LIMITS);
  });

  it("takes flags and environment variables", () => {
    const limits = parse(["--headers-timeout", "3000", "--max-unfinished-bodies", "1048576"], { ZITADEL_MOCK_H2_MAX_STREAMS: "10" });
    expect(limits).toMatchObject({ headersTimeoutMs: 3000, maxUnfinishedBodyBytesTotal: 1048576, h2MaxConcurrentStreams: 10 });
  });

  it("refuses values that are no whole number of at least 1, naming the flag", () => {
    expect(() => parse(["--request-timeout", "0"])).toThrow(/'--request-timeout <ms>' argument '0' is invalid\. must be a whole number of at least 1/);
    expect(() => parse(["--max-connections", "1e3"])).toThrow(/--max-connections/);
    expect(() => parse([], { ZITADEL_MOCK_KEEP_ALIVE_TIMEOUT_MS: "soon" })).toThrow(/from env 'ZITADEL_MOCK_KEEP_ALIVE_TIMEOUT_MS' is invalid/);
  });

  it("refuses headers allowed longer than the whole request, naming both flags", () => {
    expect(() => parse(["--headers-timeout", "90000"])).toThrow("--headers-timeout (90000) must not be longer than --request-timeout (60000)");
    expect(parse(["--headers-timeout", "90000", "--request-timeout", "90000"])).toMatchObject({ headersTimeoutMs: 90000 });
  });
});
