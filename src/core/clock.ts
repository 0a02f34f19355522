/** The source of event timestamps. Inject a fixed clock for deterministic snapshots. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** The last instant a protobuf Timestamp (and so ZITADEL's API) can carry: 9999-12-31T23:59:59.999Z. */
export const LAST_TIMESTAMP_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A clock that can be set back: `mark()` returns what puts it back to where it stands now. */
export interface RewindableClock extends Clock {
  mark(): () => void;
}

/** What sets `clock` back to where it stands now, for a clock that can be set back. */
export const markOf = (clock: Clock): (() => void) | undefined => ("mark" in clock ? (clock as RewindableClock).mark() : undefined);

/**
 * A clock that starts at `start` and advances by `stepMs` on every reading (deterministic tests). It
 * stops at the last instant a Timestamp can carry rather than stamp events the API cannot answer. An
 * instance's reset sets it back to where it stood after the seed (`mark`), so each test after a
 * reset sees the same instants whatever ran before.
 */
export const steppingClock = (start: Date, stepMs = 1): RewindableClock => {
  let next = start.getTime();
  const clock = (): Date => {
    const now = new Date(Math.min(next, LAST_TIMESTAMP_MS));
    next += stepMs;
    return now;
  };
  return Object.assign(clock, {
    mark: () => {
      const at = next;
      return () => void (next = at);
    },
  });
};
