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

/** RFC 3339: a date (midnight UTC), or a date and time with its zone (`Z` or `±hh:mm`), never a local time. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2}))?$/;

/** A commander argument parser for an instant (`--clock`): RFC 3339 with a zone, so no machine reads it in its own time zone. */
export const dateTimeArgument = (value: string): Date => {
  const text = value.trim();
  const date = new Date(text);
  // Date rolls 2025-02-30 over to March: the written day must exist.
  const [year, month, day] = text.slice(0, 10).split("-").map(Number) as [number, number, number];
  const calendarDay = new Date(Date.UTC(year, month - 1, day));
  const dayExists = calendarDay.getUTCMonth() === month - 1 && calendarDay.getUTCDate() === day;
  if (!DATE_TIME.test(text) || !dayExists || Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1) {
    throw new InvalidArgumentError("must be a date, or a date and time with its zone (RFC 3339), e.g. 2025-01-01T09:00:00Z.");
  }
  return date;
};
