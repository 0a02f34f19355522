import { InvalidArgumentError } from "commander";
import { LAST_TIMESTAMP_MS } from "../core/clock.js";

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
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d))?$/;

/** Whether the calendar has this day (Date would roll 2025-02-30 over to March). */
const dayExists = (year: number, month: number, day: number): boolean => {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads years 0–99 as 19xx
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/**
 * A commander argument parser for an instant (`--clock`): RFC 3339 with a zone, so no machine reads it
 * in its own time zone, within what a protobuf Timestamp carries (years 0001 to 9999, in UTC).
 */
export const dateTimeArgument = (value: string): Date => {
  const text = value.trim();
  const parts = DATE_TIME.exec(text);
  const date = new Date(text);
  if (!parts || !dayExists(Number(parts[1]), Number(parts[2]), Number(parts[3])) || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError("must be a date, or a date and time with its zone (RFC 3339), e.g. 2025-01-01T09:00:00Z.");
  }
  if (date.getUTCFullYear() < 1 || date.getTime() > LAST_TIMESTAMP_MS) {
    throw new InvalidArgumentError("must be within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z (what ZITADEL's timestamps carry).");
  }
  return date;
};
