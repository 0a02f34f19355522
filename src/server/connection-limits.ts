/**
 * What one client may cost the mock: timeouts per connection kind and caps on the work and the bytes
 * held for it. The defaults sit far above what a browser, an SDK or a test suite does, and well
 * below what lets one misbehaving client stall or bloat the server (issue 13, decision 016).
 */
export interface ConnectionLimits {
  /** A connection must say which protocol it speaks (its first bytes) within this. */
  readonly sniffTimeoutMs: number;
  /** HTTP/1.1: the request line and headers must arrive within this (then 408). */
  readonly headersTimeoutMs: number;
  /** HTTP/1.1 and HTTP/2: the whole request, body included, must arrive within this (then 408 / stream cancelled). */
  readonly requestTimeoutMs: number;
  /** HTTP/1.1: an idle kept-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** HTTP/2: a session without any frame for this long is told to go away (open streams finish). */
  readonly h2IdleTimeoutMs: number;
  /** HTTP/2: SETTINGS_MAX_CONCURRENT_STREAMS, as Go's HTTP/2 server that ZITADEL runs on. */
  readonly h2MaxConcurrentStreams: number;
  /**
   * HTTP/1.1: pipelined requests waiting behind the one in progress on a connection. Past it the
   * connection is closed.
   */
  readonly maxQueuedRequestsPerConnection: number;
  /** HTTP/1.1: the next request of a connection starts only once its unsent response data is below this. */
  readonly maxUnsentBytesPerConnection: number;
  /** Every connection together: unsent response data past it closes the connections holding the most. */
  readonly maxUnsentBytesTotal: number;
  /** Every connection together: bytes received of request bodies not complete yet. Past it the largest are cut off. */
  readonly maxUnfinishedBodyBytesTotal: number;
  /** Open connections at most (net.Server#maxConnections). */
  readonly maxConnections: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  sniffTimeoutMs: 10_000,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  h2IdleTimeoutMs: 120_000,
  h2MaxConcurrentStreams: 250,
  maxQueuedRequestsPerConnection: 64,
  maxUnsentBytesPerConnection: 64 * 1024,
  maxUnsentBytesTotal: 256 * 1024 * 1024,
  maxUnfinishedBodyBytesTotal: 128 * 1024 * 1024,
  maxConnections: 10_000,
};

/**
 * Throws a RangeError naming the limits (through `nameOf`, e.g. a CLI flag) when they cannot work
 * together or are no positive whole numbers; Node itself refuses request headers allowed longer
 * than the whole request.
 */
export const checkConnectionLimits = (limits: ConnectionLimits, nameOf: (limit: keyof ConnectionLimits) => string = (limit) => limit): void => {
  for (const [limit, value] of Object.entries(limits) as [keyof ConnectionLimits, number][]) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${nameOf(limit)} must be a whole number of at least 1, not ${value}.`);
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new RangeError(
      `${nameOf("headersTimeoutMs")} (${limits.headersTimeoutMs}) must not be longer than ${nameOf("requestTimeoutMs")} (${limits.requestTimeoutMs}): the headers are part of the request.`,
    );
  }
};
