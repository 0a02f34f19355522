/// <reference types="node" preserve="true" />
// The declarations use Node's types: kept in the emitted .d.ts so that a project whose TypeScript
// loads no @types by default (6.0 and later: `types` defaults to []) still finds them.
// `zitadel-mock/fixtures`: the fixture generator, apart from the main entry so that faker is loaded
// only by those who generate fixtures.
export { generateFixture, type GenerateFixtureOptions } from "./fixtures/generate-fixture.js";
export type { Fixture, FixtureOrg, FixtureUser, FixtureMembership, FixtureMetadata, FixtureUserMetadata } from "./fixtures/fixture-types.js";
