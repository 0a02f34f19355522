import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Clock, systemClock } from "../core/clock.js";
import { Instance } from "../core/instance.js";
import type { InstanceSeed } from "../core/instance-seed.js";
import type { Fixture } from "../fixtures/fixture-types.js";
import { loadFixtureSeedOffThread } from "../fixtures/fixture-thread.js";
import { parseFixture } from "../fixtures/load-fixture.js";
import { toInstanceSeed } from "../fixtures/to-instance-seed.js";
import { DEFAULT_FIXTURES, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SPEC } from "./mock-server-defaults.js";
import { trackInFlight } from "./in-flight.js";
import { createOnePortServer, type OnePortServer, type OnePortServerOptions, type RequestHandler } from "./one-port-server.js";
import type { DelayRange } from "./response-delay.js";
import { type RequestLogEntry, withRequestLog, withStreamRequestLog } from "./request-log.js";
import type { ControlPlane, FaultRuleInput } from "../control/index.js";
import { yieldToEventLoop } from "./import-in-steps.js";
import { loadTransports } from "./transport-loader.js";
import { clientUrlOf } from "./client-url.js";

export type { RequestHandler } from "./one-port-server.js";

export { DEFAULT_FIXTURES, DEFAULT_GRACE_MS, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SPEC } from "./mock-server-defaults.js";

/** The REST app as a plain Node request listener (for `http.createServer` or supertest). */
export type RestRequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface MockServerOptions {
  /** A fixture file path or a fixture object; default `fixtures/default.json`. */
  readonly fixtures?: string | Fixture | undefined;
  /** 0 picks a free port. Default 8080. */
  readonly port?: number | undefined;
  /** Default 127.0.0.1. */
  readonly host?: string | undefined;
  /** The clock that stamps events; default the system clock. */
  readonly clock?: Clock | undefined;
  /** Simulated latency for every API call (REST, gRPC, gRPC-web); default none. */
  readonly delay?: DelayRange | undefined;
  /**
   * Called once per finished request (the CLI prints it as an access log). An exception it throws is
   * logged to stderr and does not reach the server.
   */
  readonly onRequest?: ((entry: RequestLogEntry) => void) | undefined;
  /** The OpenAPI document; default the package's `spec/management.openapi.yaml`. */
  readonly specPath?: string | undefined;
  /** Timeouts and caps per connection (src/server/connection-limits.ts); default DEFAULT_CONNECTION_LIMITS. */
  readonly limits?: OnePortServerOptions | undefined;
  // control plane (src/control): journal size, fault rules at start, token for /__mock/*, watch, state file
  /** How many calls the request journal keeps; default 1000. */
  readonly journalSize?: number | undefined;
  /** Fault rules in place at start: an array, or a JSON file holding one. */
  readonly faults?: string | readonly FaultRuleInput[] | undefined;
  /** `/__mock/*` requires `Authorization: Bearer <controlToken>`. */
  readonly controlToken?: string | undefined;
  /** Reload the fixture file when it changes (it becomes what reset restores). */
  readonly watch?: boolean | undefined;
  /** Keep the state in this file: loaded at start when it exists, every change on disk before its response. */
  readonly stateFile?: string | undefined;
}

export interface StartedMockServer {
  /** Where a client on this machine calls the mock (on loopback when `host` is a wildcard such as 0.0.0.0). */
  readonly url: string;
  readonly port: number;
  /** The host asked for (`host`, default 127.0.0.1). */
  readonly host: string;
  /** The address bound, as the socket reports it (`0.0.0.0` or `::` when bound to every interface). */
  readonly address: string;
}

export interface StopOptions {
  /**
   * Milliseconds to let in-flight calls (those waiting for their `delay` included) finish while no
   * new connection is accepted; then every connection is closed. Default 0: close at once and drop
   * the calls still waiting.
   */
  readonly graceMs?: number | undefined;
}

export interface MockServer {
  /** The REST app alone, e.g. for supertest. */
  readonly app: RestRequestListener;
  /** Every protocol (REST, gRPC, gRPC-web) as one Node request handler. */
  readonly handler: RequestHandler;
  readonly instance: Instance;
  /** What `reset()` restores, in the fixture format: built on every read (the fixture itself is not kept). */
  readonly fixture: Fixture;
  /**
   * Listens for HTTP/1.1 and h2c on one port. Calling it again while started (or starting) gives the
   * same address; after `stop()` it listens anew.
   */
  start(): Promise<StartedMockServer>;
  /**
   * Stops listening and ends every connection; see `StopOptions.graceMs`. Safe to call more than once
   * and concurrently with `start()`: all callers wait for the same stop.
   */
  stop(options?: StopOptions): Promise<void>;
  /** Restores the fixture state. */
  reset(): void;
  /** The control API in-process: state, journal, fault rules (what `/__mock/*` serves). */
  readonly control: ControlPlane;
}

/**
 * A fixture file (read straight into a seed, a large one on a worker thread: decisions 032, 036) or
 * object, checked. `onOffThread` is called at once if the file goes to the worker thread.
 */
const loadSeed = async (fixtures: string | Fixture, onOffThread: () => void): Promise<InstanceSeed> =>
  typeof fixtures === "string" ? loadFixtureSeedOffThread(fixtures, { onOffThread }) : toInstanceSeed(parseFixture(fixtures, "fixture object"));

const stillLoading = (): never => {
  throw new Error("the mock server is still loading: await createMockServer() (or `ready`) first");
};

/** An `onRequest` callback whose exceptions are logged, never thrown into the server's event handlers. */
const contained =
  (onRequest: (entry: RequestLogEntry) => void) =>
  (entry: RequestLogEntry): void => {
    try {
      onRequest(entry);
    } catch (error) {
      console.error("zitadel-mock: the onRequest callback threw; the server goes on:", error);
    }
  };

/** A mock server whose fixture and transports may still be loading: `ready` settles when they are in. */
export interface OpeningMockServer extends MockServer {
  /** Resolves with the instance once the fixture is loaded; rejects with its FixtureError. */
  readonly seeded: Promise<Instance>;
  /** Resolves when every protocol and the control plane can answer; rejects with what stopped them. */
  readonly ready: Promise<unknown>;
}

/**
 * Creates a mock server and resolves once all of it can answer (the transports and the control
 * plane, which load off the start path: see openMockServer).
 */
export const createMockServer = async (options: MockServerOptions = {}): Promise<MockServer> => {
  const mock = openMockServer(options);
  await mock.ready;
  return mock;
};

/**
 * Creates a mock server whose fixture (a large file on a worker thread, decision 036) and transports
 * (REST, gRPC, gRPC-web, the control plane) load in the background (src/server/transport-loader.ts,
 * decision 027): it can `start()` at once; until they are in, the liveness probe is answered and
 * every other request waits for them. `instance` needs the fixture (`seeded`); `control`, `fixture`
 * and `reset()` need the transports: use those after `ready`. For the CLI, which listens first.
 */
export const openMockServer = (options: MockServerOptions = {}): OpeningMockServer => {
  // The fixture itself is not kept (decision 026): `mock.fixture` is built from the seeded state on read.
  let instance: Instance | undefined;
  let seedingOffThread!: () => void;
  const offThread = new Promise<void>((resolve) => (seedingOffThread = resolve));
  const seeded = loadSeed(options.fixtures ?? DEFAULT_FIXTURES, seedingOffThread).then((seed) => (instance = new Instance(seed, options.clock ?? systemClock)));
  seeded.catch(() => undefined); // reported through `seeded` and `ready`
  let boundHost: string | undefined;
  let listening!: () => void;
  // The transports' modules are imported once the mock is up: listening, with its seed in (the CLI's
  // banner printed first) or read on the worker thread (this thread idle meanwhile). Node 22 imports
  // them synchronously, which would otherwise hold the listen and the banner back (decision 043).
  const up = Promise.all([new Promise<void>((resolve) => (listening = resolve)), Promise.race([offThread, seeded.catch(() => undefined)])]);
  const transports = loadTransports({
    ...options,
    importWhen: up.then(yieldToEventLoop),
    instance: seeded,
    specPath: options.specPath ?? DEFAULT_SPEC,
    fixtures: options.fixtures ?? DEFAULT_FIXTURES,
    boundHost: () => boundHost,
  });
  const control = (): ControlPlane => (transports.loaded() ?? stillLoading()).control.plane;
  const onRequest = options.onRequest && contained(options.onRequest);
  const inFlight = onRequest
    ? trackInFlight(withRequestLog(transports.handler, onRequest), withStreamRequestLog(transports.streamHandler, onRequest))
    : trackInFlight(transports.handler, transports.streamHandler);
  // mock.app is logged as the port is (it has the journal too); without onRequest it is express's app itself.
  const loggedApp: RestRequestListener | undefined = onRequest && withRequestLog(transports.app as RequestHandler, onRequest);
  // Once express has loaded, the logged app is still express to whoever reads it (use, set, locals):
  // only calling it goes through the log.
  let loggedExpress: RestRequestListener | undefined;
  const appOf = (): RestRequestListener => {
    const express = transports.loaded()?.app;
    if (!loggedApp) return express ?? transports.app;
    if (!express) return loggedApp;
    return (loggedExpress ??= new Proxy(express, { apply: (_target, _this, args: Parameters<RestRequestListener>) => loggedApp(...args) }));
  };

  // One start and one stop at a time: each call joins the one under way.
  let starting: Promise<{ onePort: OnePortServer; started: StartedMockServer }> | undefined;
  let stopping: Promise<void> | undefined;

  const listen = async (): Promise<{ onePort: OnePortServer; started: StartedMockServer }> => {
    const host = options.host ?? DEFAULT_HOST;
    const onePort = createOnePortServer(inFlight.handler, options.limits, inFlight.streamHandler);
    await new Promise<void>((resolve, reject) => {
      onePort.server.once("error", reject);
      onePort.server.listen(options.port ?? DEFAULT_PORT, host, () => {
        onePort.server.off("error", reject);
        resolve();
      });
    });
    const { port, address } = onePort.server.address() as AddressInfo;
    boundHost = host;
    listening();
    return { onePort, started: { url: clientUrlOf(host, address, port), port, host, address } };
  };

  const shutDown = async (graceMs: number): Promise<void> => {
    const current = starting;
    const onePort = current ? await current.then((s) => s.onePort).catch(() => undefined) : undefined;
    // Graceful: no new connection, the calls in flight (delayed ones included) finish first.
    const closedGracefully = graceMs > 0 && onePort !== undefined;
    if (closedGracefully) await onePort.close({ graceMs, drained: inFlight.drained });
    else if (graceMs > 0) await inFlight.drained(graceMs);
    // Whatever is still waiting for its delay is dropped, not answered after the stop.
    (transports.loaded() ?? (await transports.ready.catch(() => undefined)))?.close();
    if (!closedGracefully) await onePort?.close();
    if (starting === current) {
      starting = undefined;
    }
  };

  return {
    // The express app itself once loaded (as before), a listener that waits for it until then;
    // with onRequest, calling either is logged.
    get app() {
      return appOf();
    },
    handler: inFlight.handler,
    get instance() {
      return instance ?? stillLoading();
    },
    seeded,
    get ready() {
      return transports.ready;
    },
    get fixture() {
      return control().fixture;
    },
    reset: () => control().reset(),
    get control() {
      return control();
    },
    start: async () => {
      if (stopping) await stopping;
      if (!starting) {
        const attempt = listen();
        starting = attempt;
        // A failed start (port in use) leaves the mock stopped, ready for another try.
        attempt.catch(() => {
          if (starting === attempt) starting = undefined;
        });
      }
      return (await starting).started;
    },
    stop: (stopOptions = {}) => {
      stopping ??= shutDown(stopOptions.graceMs ?? 0).finally(() => (stopping = undefined));
      return stopping;
    },
  };
};
