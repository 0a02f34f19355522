/** The source of event timestamps. Inject a fixed clock for deterministic snapshots. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock that starts at `start` and advances by `stepMs` on every reading (deterministic tests). */
export const steppingClock = (start: Date, stepMs = 1): Clock => {
  let next = start.getTime();
  return () => {
    const now = new Date(next);
    next += stepMs;
    return now;
  };
};
