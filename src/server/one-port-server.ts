import http from "node:http";
import http2 from "node:http2";
import net from "node:net";

export type RequestHandler = (
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
) => void;

/**
 * After `close`: whether the response was cut off (the client went away or reset the stream) rather
 * than sent in full. HTTP/2 ends the writable side of a reset stream, so `writableFinished` alone
 * does not tell there; the stream's `aborted` does.
 */
export const wasAbandoned = (res: http.ServerResponse | http2.Http2ServerResponse): boolean =>
  !res.writableFinished || (res instanceof http2.Http2ServerResponse && res.stream.aborted);

/** The client connection preface of HTTP/2 with prior knowledge (RFC 9113 §3.4). */
const H2_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

/** true: HTTP/2 preface; false: anything else; undefined: too few bytes to tell yet. */
const isH2Preface = (bytes: Buffer): boolean | undefined => {
  const n = Math.min(bytes.length, H2_PREFACE.length);
  if (!bytes.subarray(0, n).equals(H2_PREFACE.subarray(0, n))) return false;
  return n === H2_PREFACE.length ? true : undefined;
};

/** How long a new connection may stay silent before its first bytes tell its protocol. */
export const SNIFF_TIMEOUT_MS = 10_000;

/** A `timeout` listener: the socket is `this`. */
function destroySilent(this: net.Socket): void {
  this.destroy();
}

export interface OnePortServerOptions {
  /** Default SNIFF_TIMEOUT_MS. */
  readonly sniffTimeoutMs?: number;
}

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

/**
 * One TCP port for HTTP/1.1 and cleartext HTTP/2 (h2c with prior knowledge), as ZITADEL serves
 * `h2c.NewHandler` on 8080. Node's own HTTP servers speak the protocols; this only reads a
 * connection's first bytes to hand it to the right one.
 */
export const createOnePortServer = (handler: RequestHandler, options: OnePortServerOptions = {}): OnePortServer => {
  const h1 = http.createServer(handler as http.RequestListener);
  const h2 = http2.createServer({}, handler as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void);
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
    socket.setTimeout(options.sniffTimeoutMs ?? SNIFF_TIMEOUT_MS, destroySilent);
    socket.once("data", (first: Buffer) => route(socket, first));
  });

  return {
    server,
    close: async (graceful) => {
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
