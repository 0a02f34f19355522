import { OpenList } from "./open-list.js";

/** Where an HTTP layer hands body bytes on: an HTTP/1.1 request, an HTTP/2 stream. */
export interface BodyReadable {
  push(chunk: unknown, encoding?: BufferEncoding): boolean;
}

/** A body counted until it is complete or released. */
export interface TrackedBody {
  release(): void;
}

/** A body whose reader counts what it holds (`count`), as a stream served on Node's stream API does. */
export interface CountedBody extends TrackedBody {
  count(bytes: number): void;
  /** From now on, counts what the HTTP layer hands to `readable` (its `push`) instead, releasing at its end. */
  countPushes(readable: BodyReadable): void;
}

export interface BodyBudget {
  /**
   * Counts the body bytes `req` (an HTTP/1.1 request or an HTTP/2 stream) receives until its body is
   * complete or `release` is called; past the budget, the requests holding the most are cut off
   * (`cutOff(req)`) until the rest fits. (`cutOff` gets the request, so one function serves them all.)
   */
  track<T extends BodyReadable>(req: T, cutOff: (req: T) => void): TrackedBody;
  /**
   * The same for a reader that counts what it takes from `req` itself (`count`), or hands it to
   * `countPushes` later: `push` stays as it is (decision 037: wrapping an HTTP/2 stream's `push`
   * made the garbage collector keep three times as much of every request).
   */
  open<T extends BodyReadable>(req: T, cutOff: (req: T) => void): CountedBody;
  /** Bytes received of bodies not complete yet, every connection together. */
  readonly unfinishedBytes: number;
}

/**
 * One cap on the bytes buffered for unfinished request bodies across every connection, so that many
 * slow or stalled uploads cannot add up (each alone is bounded by the read limit of decision 004).
 * Counted where the HTTP layers hand body bytes to the request stream (its `push`), or by the reader.
 */
export const createBodyBudget = (maxBytes: number): BodyBudget => {
  let total = 0;
  const open = new OpenList<Unfinished>();

  /** One body being counted (one object per request: it is also the handle its owner releases). */
  class Unfinished implements CountedBody {
    bytes = 0;
    open = true;
    prev: Unfinished | undefined = undefined;
    next: Unfinished | undefined = undefined;
    constructor(
      private readonly req: BodyReadable,
      private readonly cutOff: (req: BodyReadable) => void,
    ) {}

    release(): void {
      if (!this.open) return;
      this.open = false;
      open.remove(this);
      total -= this.bytes;
    }

    count(bytes: number): void {
      if (!this.open) return;
      this.bytes += bytes;
      total += bytes;
      if (total > maxBytes) shed();
    }

    countPushes(readable: BodyReadable): void {
      const push = readable.push;
      readable.push = (chunk: unknown, encoding?: BufferEncoding) => {
        if (chunk === null) this.release();
        else if (typeof chunk === "string" || Buffer.isBuffer(chunk)) this.count(chunk.length);
        return push.call(readable, chunk, encoding);
      };
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
  const openBody = <T extends BodyReadable>(req: T, cutOff: (req: T) => void): Unfinished => {
    const entry = new Unfinished(req, cutOff as (req: BodyReadable) => void);
    open.add(entry);
    return entry;
  };
  return {
    get unfinishedBytes() {
      return total;
    },
    open: openBody,
    track: (req, cutOff) => {
      const entry = openBody(req, cutOff);
      entry.countPushes(req);
      return entry;
    },
  };
};
