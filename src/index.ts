export { createMockServer, DEFAULT_FIXTURES, DEFAULT_PORT, DEFAULT_HOST } from "./server/mock-server.js";
export type { MockServer, MockServerOptions } from "./server/mock-server.js";
export type { Fixture, FixtureOrg, FixtureUser, FixtureMembership, FixtureMetadata } from "./fixtures/fixture-types.js";
export { FixtureError, loadFixtureFile, parseFixture } from "./fixtures/load-fixture.js";
export { generateFixture } from "./fixtures/generate-fixture.js";
export { steppingClock, systemClock, type Clock } from "./core/clock.js";
export { Instance } from "./core/instance.js";
export { parseDelay, type DelayRange } from "./server/response-delay.js";
export { formatRequestLogEntry, type RequestLogEntry } from "./server/request-log.js";
