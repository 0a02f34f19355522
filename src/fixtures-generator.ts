// `zitadel-mock/fixtures`: the fixture generator, apart from the main entry so that faker is loaded
// only by those who generate fixtures.
export { generateFixture, type GenerateFixtureOptions } from "./fixtures/generate-fixture.js";
export type { Fixture, FixtureOrg, FixtureUser, FixtureMembership, FixtureMetadata, FixtureUserMetadata } from "./fixtures/fixture-types.js";
