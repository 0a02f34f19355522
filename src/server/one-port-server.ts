import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import { answerStreamInternalError, armGrpcDeadline, handleOrAnswerInternal } from "../grpc/unanswerable-rpc.js";
import { createBodyBudget, type CountedBody } from "./body-budget.js";
import { OpenList } from "./open-list.js";
import { checkConnectionLimits, type ConnectionLimits, DEFAULT_CONNECTION_LIMITS } from "./connection-limits.js";
import { withHttp1Backpressure } from "./http1-backpressure.js";
import { createCompatBridge, noStreams, streamAbandoned, type StreamHandler } from "./http2-streams.js";
import { yieldToEventLoop } from "./import-in-steps.js";
import type { NodeRequest, NodeResponse } from "./node-http.js";
import { answerParserError, answerWrongHttpVersion } from "./parser-errors.js";

export type RequestHandler = (req: NodeRequest, res: NodeResponse) => void;

/**
 * After `close`: whether the response was cut off (the client went away or reset the stream) rather
 * than sent in full. HTTP/2 ends the writable side of a reset stream, so `writableFinished` alone
 * does not tell there; the stream's reset does (streamAbandoned).
 */
export const wasAbandoned = (res: NodeResponse): boolean =>
  !res.writableFinished || (res instanceof http2.Http2ServerResponse && streamAbandoned(res.stream));

/** The client connection preface of HTTP/2 with prior knowledge (RFC 9113 §3.4). */
const H2_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

/** true: HTTP/2 preface; false: anything else; undefined: too few bytes to tell yet. */
const isH2Preface = (bytes: Buffer): boolean | undefined => {
  const n = Math.min(bytes.length, H2_PREFACE.length);
  if (!bytes.subarray(0, n).equals(H2_PREFACE.subarray(0, n))) return false;
  return n === H2_PREFACE.length ? true : undefined;
};

/** How long a new connection may stay silent before its first bytes tell its protocol. */
export const SNIFF_TIMEOUT_MS = DEFAULT_CONNECTION_LIMITS.sniffTimeoutMs;

/** A `timeout` listener: the socket is `this`. */
function destroySilent(this: net.Socket): void {
  this.destroy();
}

/** Any of the connection limits (decision 016); the rest keep their defaults. */
export type OnePortServerOptions = Partial<ConnectionLimits>;

export interface GracefulClose {
  /** The longest wait for in-flight requests. */
  readonly graceMs: number;
  /** Resolves when no request is in flight any more, or after the given milliseconds. */
  readonly drained: (timeoutMs: number) => Promise<boolean>;
}

export interface OnePortServer {
  readonly server: net.Server;
  /**
   * Stops listening and ends every open connection; with `graceful`, first waits (bounded) until the
   * requests in flight are answered, and lets connections flush their last bytes.
   */
  close(graceful?: GracefulClose): Promise<void>;
}

/** How long a graceful close waits for connections to flush and close after the last response. */
const FLUSH_MS = 500;

const closedOrTimedOut = (sockets: Iterable<net.Socket>, timeoutMs: number): Promise<void> => {
  const open = [...sockets].filter((socket) => !socket.destroyed);
  if (open.length === 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    let left = open.length;
    const closed = (): void => {
      left -= 1;
      if (left > 0) return;
      clearTimeout(timer);
      resolve();
    };
    for (const socket of open) socket.once("close", closed);
  });
};

const { NGHTTP2_NO_ERROR, NGHTTP2_CANCEL, NGHTTP2_ENHANCE_YOUR_CALM, NGHTTP2_STREAM_STATE_HALF_CLOSED_REMOTE, NGHTTP2_STREAM_STATE_CLOSED } =
  http2.constants;

/** The client has sent all of the request (END_STREAM), whether or not it was read yet. */
const remoteEnded = (stream: http2.ServerHttp2Stream): boolean => {
  // Read to its end (as the stream path reads before it answers): told without asking the session.
  if (stream.destroyed || stream.readableEnded) return true;
  const state = stream.state.state ?? NGHTTP2_STREAM_STATE_CLOSED;
  return state === NGHTTP2_STREAM_STATE_HALF_CLOSED_REMOTE || state === NGHTTP2_STREAM_STATE_CLOSED;
};

/** Ends a stream the client is still sending on, once its trailers are out (see endWhenAnswered). */
const closeWhenSent = (stream: http2.ServerHttp2Stream): void =>
  void setImmediate(() => remoteEnded(stream) || stream.close(NGHTTP2_NO_ERROR));

/**
 * A stream's `wantTrailers` listener: answered before the client finished sending (a message over the
 * read limit), the stream is ended (RFC 9113 §8.1: RST_STREAM NO_ERROR after a complete response), so
 * that neither side holds it. After the trailers: the writer sends them in its own `wantTrailers`
 * listener (after this one), and Node puts them out from an immediate of its own; this immediate
 * comes after that one. (One function for every stream: the stream is `this`.)
 */
function endWhenAnswered(this: http2.ServerHttp2Stream): void {
  if (!remoteEnded(this)) process.nextTick(closeWhenSent, this);
}

/** The body budget's cut: the stream holding the most is reset (ENHANCE_YOUR_CALM), the HTTP/1.1 connection closed. */
const resetForBudget = (stream: http2.ServerHttp2Stream): void => stream.close(NGHTTP2_ENHANCE_YOUR_CALM);
const closeForBudget = (req: http.IncomingMessage): void => void req.socket.destroy();

/** An HTTP/2 stream not closed yet: when it arrived (for the request timeout) and its counted body. */
interface OpenStream {
  readonly stream: http2.ServerHttp2Stream;
  readonly arrivedAt: number;
  readonly body: CountedBody;
  prev: OpenStream | undefined;
  next: OpenStream | undefined;
}

/** How often the unsent response data of all connections is added up. */
const UNSENT_SWEEP_MS = 1000;

/** Two turns of the event loop: connections waiting to be accepted are accepted, then their bytes read. */
const pendingIoRead = async (): Promise<void> => {
  for (let turn = 0; turn < 2; turn += 1) await yieldToEventLoop();
};

/**
 * One TCP port for HTTP/1.1 and cleartext HTTP/2 (h2c with prior knowledge), as ZITADEL serves
 * `h2c.NewHandler` on 8080. Node's own HTTP servers speak the protocols; this reads a connection's
 * first bytes to hand it to the right one, and bounds what each client may cost (ConnectionLimits).
 * HTTP/2 streams go to `streams` first (decision 031); those it leaves, and every HTTP/1.1 request,
 * to `handler`.
 */
export const createOnePortServer = (handler: RequestHandler, options: OnePortServerOptions = {}, streams: StreamHandler = noStreams): OnePortServer => {
  const limits: ConnectionLimits = { ...DEFAULT_CONNECTION_LIMITS, ...options };
  checkConnectionLimits(limits);
  const bodies = createBodyBudget(limits.maxUnfinishedBodyBytesTotal);

  /** What every request gets, whatever its protocol: the gRPC deadline and a guard against a bug of the mock. */
  const handle = (req: NodeRequest, res: NodeResponse): void => {
    armGrpcDeadline(req, res);
    handleOrAnswerInternal(handler, req, res);
  };

  const h1 = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, limits.headersTimeoutMs / 4, limits.requestTimeoutMs / 4)),
    },
    withHttp1Backpressure((req, res) => {
      if (req.httpVersionMajor !== 1) return answerWrongHttpVersion(req, res);
      const body = bodies.track(req, closeForBudget);
      res.once("close", () => body.release());
      handle(req, res);
    }, limits),
  );
  // Node arms headersTimeout/requestTimeout (its periodic connection check) on 'listening' only, and
  // this server never listens itself: it is handed the sniffed connections.
  h1.emit("listening");
  h1.on("clientError", answerParserError);

  // HTTP/2 on the stream API (decision 031): a server without a request listener builds no
  // compatibility request and response; the streams the stream handler leaves get them from Node's
  // own code through the bridge, and go to `handle` as before.
  const h2 = http2.createServer({ settings: { maxConcurrentStreams: limits.h2MaxConcurrentStreams } });
  const toCompat = createCompatBridge(handle);
  /** Every stream not closed yet, in the order they arrived (a list, not a Map: see OpenList). */
  const liveStreams = new OpenList<OpenStream>();
  // The whole request within requestTimeoutMs, as over HTTP/1.1: checked as often as Node checks its
  // HTTP/1.1 connections (a quarter of the timeout, 50 ms to 1 s), not with a timer per stream.
  const checkTimeouts = setInterval(
    () => {
      const late = performance.now() - limits.requestTimeoutMs;
      for (const { stream, arrivedAt } of liveStreams) {
        if (arrivedAt > late) break; // the rest arrived later still
        if (!remoteEnded(stream)) stream.close(NGHTTP2_CANCEL);
      }
    },
    Math.max(50, Math.min(1000, limits.requestTimeoutMs / 4)),
  ).unref();
  h2.on("stream", (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, flags: number, rawHeaders: string[]) => {
    // Its body within the budget, the request within the timeout (checkTimeouts).
    const body = bodies.open(stream, resetForBudget);
    const open: OpenStream = { stream, arrivedAt: performance.now(), body, prev: undefined, next: undefined };
    liveStreams.add(open);
    // (`on`, not `once`: these events come once per stream.)
    stream.on("close", () => {
      liveStreams.remove(open);
      open.body.release();
    });
    stream.on("wantTrailers", endWhenAnswered);
    if (takenAsStream(stream, headers, flags, rawHeaders, body)) return;
    // Node's compatibility request is fed from the stream's `push`: counted there.
    body.countPushes(stream);
    toCompat(stream, headers, flags, rawHeaders);
  });
  /** Whether the stream handler serves the stream; one that throws (a bug of the mock) answers Internal. */
  const takenAsStream: StreamHandler = (stream, headers, flags, rawHeaders, body) => {
    try {
      return streams(stream, headers, flags, rawHeaders, body);
    } catch (error) {
      console.error("zitadel-mock: stream handler failed:", error);
      answerStreamInternalError(stream, headers);
      return true;
    }
  };
  /**
   * Whether a stream of `session` is still open: asked of the list of open streams when a session
   * times out (rarely, and few streams are open), not counted per session as every stream opens and
   * closes (decision 040). A stream reset before it reached the server's `stream` event is no longer
   * open and has no `session`.
   */
  const hasOpenStreams = (session: http2.Http2Session): boolean => {
    for (const { stream } of liveStreams) if (stream.session === session) return true;
    return false;
  };
  // An idle session is told to go away; its open streams (a delayed call) still finish. One without
  // open streams, or idle again after being told, is ended (a session stuck after a protocol error too).
  h2.setTimeout(limits.h2IdleTimeoutMs);
  h2.on("timeout", (session: http2.Http2Session) => {
    if (session.closed || !hasOpenStreams(session)) return session.destroy();
    session.close();
    // Node tells the server of no more timeouts of a closed session; the session's own event still
    // comes. A session stuck after a protocol error (its streams can no longer end) is ended so.
    session.once("timeout", () => session.destroy());
  });
  h2.on("session", (session: http2.ServerHttp2Session) => {
    session.on("error", () => session.destroy());
    // A client that half-closes (or whose end of stream was read while sniffing) gets its open
    // streams answered, then the connection ends: the session would not notice it by itself.
    session.socket.once("end", () => session.close());
  });

  const sockets = new Set<net.Socket>();

  const route = (socket: net.Socket, seen: Buffer): void => {
    const h2Preface = isH2Preface(seen);
    if (h2Preface === undefined) {
      socket.once("data", (more: Buffer) => route(socket, Buffer.concat([seen, more])));
      return;
    }
    // Routed: from here on, the HTTP server's own timeouts apply.
    socket.setTimeout(0);
    socket.off("timeout", destroySilent);
    socket.pause();
    socket.unshift(seen);
    (h2Preface ? h2 : h1).emit("connection", socket);
    if (!h2Preface) socket.resume();
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    // A connection that never says which protocol it speaks would otherwise be held forever.
    socket.setTimeout(limits.sniffTimeoutMs, destroySilent);
    socket.once("data", (first: Buffer) => route(socket, first));
  });
  server.maxConnections = limits.maxConnections;

  // Clients that do not read: past the total, the connections holding the most unsent data are closed.
  const sweep = setInterval(() => {
    let unsent = 0;
    for (const socket of sockets) unsent += socket.writableLength;
    if (unsent <= limits.maxUnsentBytesTotal) return;
    for (const socket of [...sockets].sort((a, b) => b.writableLength - a.writableLength)) {
      if (unsent <= limits.maxUnsentBytesTotal) break;
      unsent -= socket.writableLength;
      socket.destroy();
    }
  }, UNSENT_SWEEP_MS).unref();
  server.once("close", () => {
    clearInterval(sweep);
    clearInterval(checkTimeouts);
    h1.close();
  });

  return {
    server,
    close: async (graceful) => {
      // A process busy when the stop comes (loading its transports, say) has not yet accepted or read
      // what clients sent before it: two turns of the event loop accept those connections and parse
      // their requests, so they are in flight and finish like any other.
      if (graceful) await pendingIoRead();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      if (graceful) {
        const started = Date.now();
        await graceful.drained(graceful.graceMs);
        for (const socket of sockets) socket.end();
        await closedOrTimedOut(sockets, Math.min(FLUSH_MS, Math.max(0, graceful.graceMs - (Date.now() - started))));
      }
      for (const socket of sockets) socket.destroy();
      await stopped;
    },
  };
};
