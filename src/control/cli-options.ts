import { type Command, Option } from "commander";
import { fileArgument, integerArgument } from "../cli/arguments.js";
import { DEFAULT_JOURNAL_SIZE } from "./request-journal.js";

const parseJournalSize = integerArgument(1, Number.MAX_SAFE_INTEGER, "a whole number of at least 1");

/** The control plane's CLI flags (`zitadel-mock serve`). */
export const addControlOptions = (command: Command): Command =>
  command
    .addOption(new Option("--journal-size <n>", "how many calls GET /__mock/requests keeps").env("ZITADEL_MOCK_JOURNAL_SIZE").default(DEFAULT_JOURNAL_SIZE).argParser(parseJournalSize))
    .addOption(new Option("--faults <file>", "JSON array of fault rules in place at start (and after each reset)").env("ZITADEL_MOCK_FAULTS").argParser(fileArgument))
    .addOption(new Option("--control-token <token>", "require Authorization: Bearer <token> on /__mock/* (for a mock reachable beyond loopback)").env("ZITADEL_MOCK_CONTROL_TOKEN"))
    .addOption(new Option("--watch", "reload the fixture file when it changes").env("ZITADEL_MOCK_WATCH"))
    .addOption(new Option("--state-file <path>", "keep the state in this file across restarts (every change on disk before its response)").env("ZITADEL_MOCK_STATE_FILE").argParser(fileArgument));

export interface ControlCliOptions {
  journalSize: number;
  faults?: string;
  controlToken?: string;
  watch?: boolean;
  stateFile?: string;
}

/** The parsed flags as MockServerOptions. */
export const controlServerOptions = ({ journalSize, faults, controlToken, watch, stateFile }: ControlCliOptions) => ({
  journalSize,
  ...(faults === undefined ? {} : { faults }),
  ...(controlToken === undefined ? {} : { controlToken }),
  ...(watch ? { watch: true } : {}),
  ...(stateFile === undefined ? {} : { stateFile }),
});
