/** The source of event timestamps. Inject a fixed clock for deterministic snapshots. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** The last instant a protobuf Timestamp (and so ZITADEL's API) can carry: 9999-12-31T23:59:59.999Z. */
export const LAST_TIMESTAMP_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * A clock that starts at `start` and advances by `stepMs` on every reading (deterministic tests). It
 * stops at the last instant a Timestamp can carry rather than stamp events the API cannot answer.
 */
export const steppingClock = (start: Date, stepMs = 1): Clock => {
  let next = start.getTime();
  return () => {
    const now = new Date(Math.min(next, LAST_TIMESTAMP_MS));
    next += stepMs;
    return now;
  };
};
