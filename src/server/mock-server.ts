import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type express from "express";
import { type Clock, systemClock } from "../core/clock.js";
import { Instance } from "../core/instance.js";
import type { Fixture } from "../fixtures/fixture-types.js";
import { loadFixtureFile, parseFixture } from "../fixtures/load-fixture.js";
import { toInstanceSeed } from "../fixtures/to-instance-seed.js";
import { createRestApp } from "../rest/rest-app.js";
import { createTransportHandler } from "./transport-handler.js";
import { createOnePortServer, type OnePortServer, type RequestHandler } from "./one-port-server.js";
import type { DelayRange } from "./response-delay.js";
import type { ListeningAddress } from "./http2-rest-bridge.js";
import { type RequestLogEntry, withRequestLog } from "./request-log.js";
import { createControl, type ControlPlane, type FaultRuleInput } from "../control/index.js";

export const DEFAULT_FIXTURES = fileURLToPath(new URL("../../fixtures/default.json", import.meta.url));
export const DEFAULT_SPEC = fileURLToPath(new URL("../../spec/management.openapi.yaml", import.meta.url));
/** ZITADEL's default port. */
export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = "127.0.0.1";

export interface MockServerOptions {
  /** A fixture file path or a fixture object; default `fixtures/default.json`. */
  readonly fixtures?: string | Fixture;
  /** 0 picks a free port. Default 8080. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** The clock that stamps events; default the system clock. */
  readonly clock?: Clock;
  /** Simulated latency for every API call (REST, gRPC, gRPC-web); default none. */
  readonly delay?: DelayRange;
  /** Called once per finished request (the CLI prints it as an access log). */
  readonly onRequest?: (entry: RequestLogEntry) => void;
  /** The OpenAPI document; default `spec/management.openapi.yaml`. */
  readonly specPath?: string;
  // control plane (src/control): journal size, fault rules at start, token for /__mock/*
  /** How many calls the request journal keeps; default 1000. */
  readonly journalSize?: number;
  /** Fault rules in place at start: an array, or a JSON file holding one. */
  readonly faults?: string | readonly FaultRuleInput[];
  /** `/__mock/*` requires `Authorization: Bearer <controlToken>`. */
  readonly controlToken?: string;
  /** Reload the fixture file when it changes (it becomes what reset restores). */
  readonly watch?: boolean;
  /** Keep the state in this file: loaded at start when it exists, every change on disk before its response. */
  readonly stateFile?: string;
}

export interface MockServer {
  /** The REST app alone (express), e.g. for supertest. */
  readonly app: express.Express;
  /** Every protocol (REST, gRPC, gRPC-web) as one Node request handler. */
  readonly handler: RequestHandler;
  readonly instance: Instance;
  readonly fixture: Fixture;
  /** Listens for HTTP/1.1 and h2c on one port. */
  start(): Promise<{ url: string; port: number; host: string }>;
  /** Stops listening, ends every connection and drops requests still waiting for their `delay`. */
  stop(): Promise<void>;
  /** Restores the fixture state. */
  reset(): void;
  /** The control API in-process: state, journal, fault rules (what `/__mock/*` serves). */
  readonly control: ControlPlane;
}

const loadFixture = (fixtures: string | Fixture): Fixture =>
  typeof fixtures === "string" ? loadFixtureFile(fixtures) : parseFixture(fixtures, "fixture object");

export const createMockServer = async (options: MockServerOptions = {}): Promise<MockServer> => {
  const fixture = loadFixture(options.fixtures ?? DEFAULT_FIXTURES);
  const instance = new Instance(toInstanceSeed(fixture), options.clock ?? systemClock);
  let listening: OnePortServer | undefined;
  let address: ListeningAddress | undefined;
  const control = await createControl({ ...options, instance, fixture, fixtures: options.fixtures ?? DEFAULT_FIXTURES, boundHost: () => address?.host }); // control plane
  const reset = () => control.plane.reset();
  const restApp = await createRestApp({ instance, specPath: options.specPath ?? DEFAULT_SPEC, reset });
  const app = control.wrapApp(restApp); // control plane: /__mock/*, journal and faults for mock.app
  const transports = createTransportHandler(instance, restApp, { delay: options.delay, ownAddress: () => address });
  const controlled = control.wrapHandler(transports.handler); // control plane: /__mock/*, journal and faults
  const handler = options.onRequest ? withRequestLog(controlled, options.onRequest) : controlled;

  return {
    app,
    handler,
    instance,
    fixture,
    reset,
    control: control.plane,
    start: async () => {
      if (listening) throw new Error("the mock server is already started");
      const host = options.host ?? DEFAULT_HOST;
      const onePort = createOnePortServer(handler);
      await new Promise<void>((resolve, reject) => {
        onePort.server.once("error", reject);
        onePort.server.listen(options.port ?? DEFAULT_PORT, host, () => resolve());
      });
      listening = onePort;
      const { port } = onePort.server.address() as AddressInfo;
      address = { host, port };
      const urlHost = host.includes(":") ? `[${host}]` : host;
      return { url: `http://${urlHost}:${port}`, port, host };
    },
    stop: async () => {
      // Delayed requests are dropped, not answered after the stop.
      transports.close();
      control.close(); // control plane: held responses
      await listening?.close();
      listening = undefined;
      address = undefined;
    },
  };
};
