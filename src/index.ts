/// <reference types="node" preserve="true" />
// The declarations use Node's types: kept in the emitted .d.ts so that a project whose TypeScript
// loads no @types by default (6.0 and later: `types` defaults to []) still finds them.
// `zitadel-mock`: the mock server in-process, its clocks and fixture loading, and their types.
export { createMockServer, DEFAULT_FIXTURES, DEFAULT_GRACE_MS, DEFAULT_PORT, DEFAULT_HOST } from "./server/mock-server.js";
export type { MockServer, MockServerOptions, RequestHandler, RestRequestListener, StartedMockServer, StopOptions } from "./server/mock-server.js";
export type { Fixture, FixtureOrg, FixtureUser, FixtureMembership, FixtureMetadata, FixtureUserMetadata } from "./fixtures/fixture-types.js";
export { FixtureError, loadFixtureFile, parseFixture } from "./fixtures/load-fixture.js";
export { steppingClock, systemClock, type Clock, type RewindableClock } from "./core/clock.js";
export { Instance } from "./core/instance.js";
export type { InstanceSeed } from "./core/instance-seed.js";
export { toInstanceSeed } from "./fixtures/to-instance-seed.js";
export { parseDelay, type DelayRange } from "./server/response-delay.js";
export { formatRequestLogEntry, type RequestLogEntry } from "./server/request-log.js";
export type { ControlPlane, FaultRule, FaultRuleInput, JournalEntry, JournalQuery } from "./control/index.js";
