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
import { createOnePortServer, type OnePortServer, type OnePortServerOptions, type RequestHandler } from "./one-port-server.js";
import type { DelayRange } from "./response-delay.js";
import type { ListeningAddress } from "./http2-rest-bridge.js";
import { type RequestLogEntry, withRequestLog } from "./request-log.js";

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
  /** Timeouts and caps per connection (src/server/connection-limits.ts); default DEFAULT_CONNECTION_LIMITS. */
  readonly limits?: OnePortServerOptions;
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
}

const loadFixture = (fixtures: string | Fixture): Fixture =>
  typeof fixtures === "string" ? loadFixtureFile(fixtures) : parseFixture(fixtures, "fixture object");

export const createMockServer = async (options: MockServerOptions = {}): Promise<MockServer> => {
  const fixture = loadFixture(options.fixtures ?? DEFAULT_FIXTURES);
  const instance = new Instance(toInstanceSeed(fixture), options.clock ?? systemClock);
  const reset = () => instance.reset();
  const app = await createRestApp({ instance, specPath: options.specPath ?? DEFAULT_SPEC, reset });
  let listening: OnePortServer | undefined;
  let address: ListeningAddress | undefined;
  const transports = createTransportHandler(instance, app, { delay: options.delay, ownAddress: () => address });
  const handler = options.onRequest ? withRequestLog(transports.handler, options.onRequest) : transports.handler;

  return {
    app,
    handler,
    instance,
    fixture,
    reset,
    start: async () => {
      if (listening) throw new Error("the mock server is already started");
      const host = options.host ?? DEFAULT_HOST;
      const onePort = createOnePortServer(handler, options.limits);
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
      await listening?.close();
      listening = undefined;
      address = undefined;
    },
  };
};
