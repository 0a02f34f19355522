/**
 * `npm run fixtures -- --seed N --orgs N --keys N [--out file]`: writes a deterministic fixture
 * (same options -> byte-identical file). `--out -` prints it to stdout.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { generateFixture } from "../src/fixtures/generate-fixture.js";

/** A commander argument parser for integers >= `min`. */
function integerAtLeast(min: number, wording: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`must be a ${wording} integer.`);
    return n;
  };
}

const positiveInteger = integerAtLeast(1, "positive");
const nonNegativeInteger = integerAtLeast(0, "non-negative");

const program = new Command("generate-fixtures")
  .description("Generate a deterministic zitadel-mock fixture file.")
  .option("--seed <n>", "faker seed", nonNegativeInteger, 1)
  .option("--orgs <n>", "number of organizations", positiveInteger, 3)
  .option("--keys <n>", "metadata entries per organization", nonNegativeInteger, 5)
  .option("--out <file>", 'output file, "-" for stdout', "fixtures/generated.json")
  .showHelpAfterError()
  .parse();

const options = program.opts<{ seed: number; orgs: number; keys: number; out: string }>();
const fixture = generateFixture({ seed: options.seed, orgs: options.orgs, keys: options.keys });
const json = JSON.stringify(fixture, null, 2) + "\n";
const summary =
  `${fixture.orgs.length} orgs, ${fixture.users.length} users, ${fixture.metadata.length} metadata entries ` +
  `(seed ${options.seed})`;

if (options.out === "-") {
  process.stdout.write(json);
  process.stderr.write(`Generated ${summary}\n`);
} else {
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, json);
  console.log(`Wrote ${options.out}: ${summary}`);
}
