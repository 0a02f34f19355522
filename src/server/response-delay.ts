/** A fixed delay (`250`) or a uniformly random one in a range (`100-800`), in milliseconds. */
export interface DelayRange {
  readonly minMs: number;
  readonly maxMs: number;
}

export const parseDelay = (text: string): DelayRange => {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`delay must be milliseconds ("250") or a range ("100-800"), got "${text}"`);
  const minMs = Number(match[1]);
  const maxMs = match[2] === undefined ? minMs : Number(match[2]);
  if (maxMs < minMs) throw new Error(`delay range "${text}" ends before it starts`);
  return { minMs, maxMs };
};

/** How long to hold the next response. Timers, not blocking: other requests go on meanwhile. */
export const pickDelayMs = ({ minMs, maxMs }: DelayRange): number => minMs + Math.floor(Math.random() * (maxMs - minMs + 1));
