import { readFileSync } from "node:fs";
import express from "express";
import type { Instance } from "../core/instance.js";
import type { Fixture } from "../fixtures/fixture-types.js";
import type { RequestHandler } from "../server/one-port-server.js";
import { createControlApi, isControlPath } from "./control-api.js";
import { ControlPlane } from "./control-plane.js";
import { controlledCall, type CallTracking } from "./controlled-call.js";
import { FaultRuleError, checkFaultRule, type FaultRuleInput } from "./fault-rules.js";

export { ControlPlane } from "./control-plane.js";
export type { FaultRule, FaultRuleInput } from "./fault-rules.js";
export type { JournalEntry, JournalQuery } from "./request-journal.js";

export interface ControlOptions {
  readonly instance: Instance;
  readonly fixture: Fixture;
  /** How many calls the journal keeps (`--journal-size`); default 1000. */
  readonly journalSize?: number | undefined;
  /** `--control-token`: `/__mock/*` requires `Authorization: Bearer <token>`. */
  readonly controlToken?: string | undefined;
  /** Rules in place at start: an array, or the path of a JSON file holding one (`--faults`). */
  readonly faults?: string | readonly FaultRuleInput[] | undefined;
  /** Where the mock is bound, once it listens. */
  readonly boundHost: () => string | undefined;
}

export interface Control {
  readonly plane: ControlPlane;
  /** The one-port handler with `/__mock/*` and the journal and fault rules around every API call. */
  wrapHandler(transports: RequestHandler): RequestHandler;
  /** The REST app with the same (`mock.app`). */
  wrapApp(rest: express.Express): express.Express;
  /** Drops responses still held by a delay rule. */
  close(): void;
}

/** Probes and CORS preflights are no API calls: neither journalled nor faulted. */
const isApiCall = (req: Parameters<RequestHandler>[0]): boolean => req.method !== "OPTIONS" && !(req.url ?? "").startsWith("/debug/");

const readRules = (faults: string): unknown => {
  let text: string;
  try {
    text = readFileSync(faults, "utf8");
  } catch (error) {
    throw new FaultRuleError(`Cannot read fault rules ${faults}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FaultRuleError(`Invalid fault rules ${faults}: not valid JSON: ${(error as Error).message}`);
  }
};

/** The control plane of one mock: its API, its journal and fault hooks, its in-process object. */
export const createControl = async (options: ControlOptions): Promise<Control> => {
  const plane = new ControlPlane(options.instance, options.fixture, options.journalSize);
  const api = await createControlApi(plane, { boundHost: options.boundHost, token: options.controlToken });
  const timers = new Set<NodeJS.Timeout>();
  const tracking: CallTracking = { faults: plane.faults, timers, record: (entry) => void plane.journal.add(entry) };

  if (options.faults !== undefined) {
    const source = typeof options.faults === "string" ? options.faults : "faults";
    const rules = typeof options.faults === "string" ? readRules(options.faults) : options.faults;
    if (!Array.isArray(rules)) throw new FaultRuleError(`Invalid fault rules ${source}: must be a JSON array of rules`);
    rules.forEach((rule: unknown, i) => {
      api.checkFaultRuleShape(rule, `Invalid fault rules ${source}: [${i}]`);
      try {
        checkFaultRule(rule as FaultRuleInput);
      } catch (error) {
        throw new FaultRuleError(`Invalid fault rules ${source}: [${i}]: ${(error as Error).message}`, { cause: error });
      }
    });
    plane.setStartupRules(rules as FaultRuleInput[]);
  }

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
    },
  };
};
