/** Where an HTTP layer hands body bytes on: an HTTP/1.1 request, an HTTP/2 stream. */
interface BodyReadable {
  push(chunk: unknown, encoding?: BufferEncoding): boolean;
}

interface Unfinished {
  bytes: number;
  readonly cutOff: () => void;
}

export interface BodyBudget {
  /**
   * Counts the body bytes `req` (an HTTP/1.1 request or an HTTP/2 stream) receives until its body is complete or `release` is called; past the
   * budget, the requests holding the most are cut off (`cutOff`) until the rest fits.
   */
  track(req: BodyReadable, cutOff: () => void): { release(): void };
  /** Bytes received of bodies not complete yet, every connection together. */
  readonly unfinishedBytes: number;
}

/**
 * One cap on the bytes buffered for unfinished request bodies across every connection, so that many
 * slow or stalled uploads cannot add up (each alone is bounded by the read limit of decision 004).
 * Counted where the HTTP layers hand body bytes to the request stream: its `push`.
 */
export const createBodyBudget = (maxBytes: number): BodyBudget => {
  let total = 0;
  const open = new Set<Unfinished>();
  const release = (entry: Unfinished) => {
    if (open.delete(entry)) total -= entry.bytes;
  };
  const shed = () => {
    for (const entry of [...open].sort((a, b) => b.bytes - a.bytes)) {
      if (total <= maxBytes) return;
      release(entry);
      entry.cutOff();
    }
  };
  return {
    get unfinishedBytes() {
      return total;
    },
    track: (req, cutOff) => {
      const entry: Unfinished = { bytes: 0, cutOff };
      open.add(entry);
      const push = req.push;
      req.push = (chunk: unknown, encoding?: BufferEncoding) => {
        if (chunk === null) release(entry);
        else if (open.has(entry) && (typeof chunk === "string" || Buffer.isBuffer(chunk))) {
          entry.bytes += chunk.length;
          total += chunk.length;
          if (total > maxBytes) shed();
        }
        return push.call(req, chunk, encoding);
      };
      return { release: () => release(entry) };
    },
  };
};
