import { InvalidArgumentError } from "commander";

/** A commander argument parser for integers from `min` to `max`. */
export const integerArgument =
  (min: number, max: number, wording: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be ${wording}.`);
    return n;
  };
