import { InvalidArgumentError } from "commander";

/** A commander argument parser for integers from `min` to `max`. */
export const integerArgument =
  (min: number, max: number, wording: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be ${wording}.`);
    return n;
  };

/** A commander argument parser for a file path: anything but empty (`--fixtures=` or an empty variable is a slip, not a file). */
export const fileArgument = (value: string): string => {
  if (value.trim() === "") throw new InvalidArgumentError("must be a file path.");
  return value;
};
