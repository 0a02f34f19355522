/** Where an HTTP layer hands body bytes on: an HTTP/1.1 request, an HTTP/2 stream. */
interface BodyReadable {
  push(chunk: unknown, encoding?: BufferEncoding): boolean;
}

/** A body counted until it is complete or released. */
export interface TrackedBody {
  release(): void;
}

export interface BodyBudget {
  /**
   * Counts the body bytes `req` (an HTTP/1.1 request or an HTTP/2 stream) receives until its body is
   * complete or `release` is called; past the budget, the requests holding the most are cut off
   * (`cutOff(req)`) until the rest fits. (`cutOff` gets the request, so one function serves them all.)
   */
  track<T extends BodyReadable>(req: T, cutOff: (req: T) => void): TrackedBody;
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

  /** One body being counted (one object per request: it is also the handle its owner releases). */
  class Unfinished implements TrackedBody {
    bytes = 0;
    constructor(
      private readonly req: BodyReadable,
      private readonly cutOff: (req: BodyReadable) => void,
    ) {}

    release(): void {
      if (open.delete(this)) total -= this.bytes;
    }

    count(bytes: number): void {
      this.bytes += bytes;
      total += bytes;
      if (total > maxBytes) shed();
    }

    cut(): void {
      this.release();
      this.cutOff(this.req);
    }
  }

  const shed = () => {
    for (const entry of [...open].sort((a, b) => b.bytes - a.bytes)) {
      if (total <= maxBytes) return;
      entry.cut();
    }
  };
  return {
    get unfinishedBytes() {
      return total;
    },
    track: (req, cutOff) => {
      const entry = new Unfinished(req, cutOff as (req: BodyReadable) => void);
      open.add(entry);
      const push = req.push;
      req.push = (chunk: unknown, encoding?: BufferEncoding) => {
        if (chunk === null) entry.release();
        else if (open.has(entry) && (typeof chunk === "string" || Buffer.isBuffer(chunk))) entry.count(chunk.length);
        return push.call(req, chunk, encoding);
      };
      return entry;
    },
  };
};
