// Each package entry, imported by a project that loads no @types of its own (tsconfig.types-default.json):
// the package's declarations must bring Node's types themselves.
import { createMockServer, steppingClock } from "zitadel-mock";
import { useContract } from "zitadel-mock/contract";
import { generateFixture } from "zitadel-mock/fixtures";

export const entryPoints = [createMockServer, steppingClock, useContract, generateFixture] as const;
