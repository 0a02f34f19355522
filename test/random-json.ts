/**
 * Random JSON of any shape for the bad-input tests, seeded through faker so a failure reproduces.
 * The vocabulary (field names, numbers and strings the API gives meaning to) makes the decoders and
 * validators behind a route work on the input instead of refusing it at once.
 */
import { faker } from "@faker-js/faker";

export interface JsonVocabulary {
  readonly names: readonly string[];
  readonly numbers: readonly number[];
  readonly strings: readonly string[];
}

export const randomJsonOf = ({ names, numbers, strings }: JsonVocabulary) => {
  const randomJson = (depth = 0): unknown => {
    switch (faker.number.int({ min: 0, max: depth > 2 ? 5 : 7 })) {
      case 0: return null;
      case 1: return faker.datatype.boolean();
      case 2: return faker.helpers.arrayElement([...numbers, faker.number.int()]);
      case 3: return faker.helpers.arrayElement(strings);
      case 4: return faker.string.sample({ min: 0, max: 30 });
      case 5: return String(faker.number.int());
      case 6: return Array.from({ length: faker.number.int({ min: 0, max: 3 }) }, () => randomJson(depth + 1));
      default:
        return Object.fromEntries(
          Array.from({ length: faker.number.int({ min: 0, max: 4 }) }, () => [faker.helpers.arrayElement(names), randomJson(depth + 1)]),
        );
    }
  };
  return randomJson;
};
