import type { StreamHandler } from "./http2-streams.js";
import type { RequestHandler } from "./one-port-server.js";

export interface InFlightRequests {
  /** The handler, counting each request from its arrival until its response closes. */
  readonly handler: RequestHandler;
  /** The stream handler, counting each stream it takes until the stream closes. */
  readonly streamHandler: StreamHandler;
  /** Resolves once no request is in flight (at once if none is), or after `timeoutMs`: true if drained. */
  drained(timeoutMs: number): Promise<boolean>;
}

/**
 * Tracks the requests not answered yet, those waiting for their `delay` included, so a graceful stop
 * can let them finish before the connections are closed.
 */
export const trackInFlight = (inner: RequestHandler, innerStreams: StreamHandler): InFlightRequests => {
  let count = 0;
  let waiters: (() => void)[] = [];
  const settle = (): void => {
    count -= 1;
    if (count > 0) return;
    for (const wake of waiters.splice(0)) wake();
  };
  return {
    handler: (req, res) => {
      count += 1;
      res.once("close", settle);
      inner(req, res);
    },
    streamHandler: (stream, headers, flags, rawHeaders, body) => {
      if (!innerStreams(stream, headers, flags, rawHeaders, body)) return false;
      count += 1;
      stream.on("close", settle);
      return true;
    },
    drained: (timeoutMs) =>
      new Promise<boolean>((resolve) => {
        if (count === 0) return resolve(true);
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== wake);
          resolve(false);
        }, timeoutMs);
        const wake = (): void => {
          clearTimeout(timer);
          resolve(true);
        };
        waiters.push(wake);
      }),
  };
};
