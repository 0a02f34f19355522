import { existsSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import express from "express";
import type { Instance } from "../core/instance.js";
import type { StreamHandler } from "../server/http2-streams.js";
import type { RequestHandler } from "../server/one-port-server.js";
import { createControlApi } from "./control-api.js";
import { isControlPath } from "./control-path.js";
import { ControlPlane } from "./control-plane.js";
import { controlledCall, controlledStreams, type CallTracking } from "./controlled-call.js";
import { watchFixture } from "./fixture-watch.js";
import { readStateFile, StateFile } from "./state-file.js";
import { FaultRuleError, checkFaultRule, type FaultRuleInput } from "./fault-rules.js";

export { ControlPlane } from "./control-plane.js";
export type { FaultRule, FaultRuleInput } from "./fault-rules.js";
export type { JournalEntry, JournalQuery } from "./request-journal.js";

export interface ControlOptions {
  readonly instance: Instance;
  /** How many calls the journal keeps (`--journal-size`); default 1000. */
  readonly journalSize?: number | undefined;
  /** `--control-token`: `/__mock/*` requires `Authorization: Bearer <token>`. */
  readonly controlToken?: string | undefined;
  /** Rules in place at start: an array, or the path of a JSON file holding one (`--faults`). */
  readonly faults?: string | readonly FaultRuleInput[] | undefined;
  /** Where the mock is bound, once it listens. */
  readonly boundHost: () => string | undefined;
  /** The fixture file (`--fixtures`), when the fixture is one: what `watch` follows. */
  readonly fixtures?: unknown;
  /** `--watch`: reload the fixture file when it changes. */
  readonly watch?: boolean | undefined;
  /** `--state-file`: keep the state in this file across restarts. */
  readonly stateFile?: string | undefined;
  /** Where --watch and --state-file report; default the console. */
  readonly log?: { info(line: string): void; error(line: string): void } | undefined;
}

export interface Control {
  readonly plane: ControlPlane;
  /** The one-port handler with `/__mock/*` and the journal and fault rules around every API call. */
  wrapHandler(transports: RequestHandler): RequestHandler;
  /** The stream handler (decision 031) with the journal and fault rules around every call it takes. */
  wrapStreamHandler(transports: StreamHandler): StreamHandler;
  /** The REST app with the same (`mock.app`); typed as a Node listener, so no express types are published. */
  wrapApp(rest: RestListener): RestListener;
  /** Drops responses still held by a delay rule. */
  close(): void;
}

/** A Node request listener for HTTP/1.1 (express's app is one). */
type RestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Probes and CORS preflights are no API calls: neither journalled nor faulted. */
const isApiCall = (req: Parameters<RequestHandler>[0]): boolean => req.method !== "OPTIONS" && !(req.url ?? "").startsWith("/debug/");

const readRules = (faults: string): unknown => {
  let text: string;
  try {
    text = readFileSync(faults, "utf8");
  } catch (error) {
    // Worded as a fixture file that cannot be read (load-fixture.ts).
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (error as Error).message;
    throw new FaultRuleError(`Cannot read fault rules ${faults}: ${reason}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FaultRuleError(`Invalid fault rules ${faults}: not valid JSON: ${(error as Error).message}`);
  }
};

/** The control plane of one mock: its API, its journal and fault hooks, its in-process object. */
export const createControl = async (options: ControlOptions): Promise<Control> => {
  const plane = new ControlPlane(options.instance, options.journalSize);
  const api = createControlApi(plane, { boundHost: options.boundHost, token: options.controlToken });
  const timers = new Set<NodeJS.Timeout>();
  let stateFile: StateFile | undefined;
  const tracking: CallTracking = {
    faults: plane.faults,
    timers,
    record: (entry) => void plane.journal.add(entry),
    committed: (orgId, keys, userId) => stateFile?.committed(orgId, keys, userId),
  };
  const log = options.log ?? { info: (line: string) => console.log(line), error: (line: string) => console.error(line) };

  if (options.faults !== undefined) {
    const source = typeof options.faults === "string" ? options.faults : "faults";
    const rules = typeof options.faults === "string" ? readRules(options.faults) : options.faults;
    if (!Array.isArray(rules)) throw new FaultRuleError(`Invalid fault rules ${source}: must be a JSON array of rules`);
    for (const [i, rule] of (rules as unknown[]).entries()) {
      await api.checkFaultRuleShape(rule, `Invalid fault rules ${source}: [${i}]`);
      try {
        checkFaultRule(rule as FaultRuleInput);
      } catch (error) {
        throw new FaultRuleError(`Invalid fault rules ${source}: [${i}]: ${(error as Error).message}`, { cause: error });
      }
    }
    plane.setStartupRules(rules as FaultRuleInput[]);
  }

  if (options.stateFile !== undefined) {
    if (existsSync(options.stateFile)) plane.setState(readStateFile(options.stateFile, log.error), options.stateFile);
    const file = new StateFile(options.stateFile, plane);
    plane.onStateReplaced(() => file.rewrite());
    stateFile = file;
  }
  const watcher = options.watch && typeof options.fixtures === "string" ? watchFixture(options.fixtures, plane, log) : undefined;

  return {
    plane,
    wrapHandler: (transports) => {
      const controlled = controlledCall(tracking, transports);
      return (req, res) => {
        if (isControlPath(req.url ?? "")) api.handler(req, res);
        else if (isApiCall(req)) controlled(req, res);
        else transports(req, res);
      };
    },
    // It takes API calls only (native gRPC to mocked RPCs): never /__mock/*, probes or preflights.
    wrapStreamHandler: (transports) => controlledStreams(tracking, transports),
    wrapApp: (rest) => {
      const app = express();
      app.disable("x-powered-by");
      app.set("etag", false);
      app.use((req, res, next) => {
        if (isControlPath(req.originalUrl)) api.handler(req, res);
        else if (isApiCall(req)) controlledCall(tracking, () => next())(req, res);
        else next();
      });
      app.use(rest);
      return app;
    },
    close: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      watcher?.close();
      stateFile?.close();
      stateFile = undefined;
    },
  };
};
