import type http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createOnePortServer, type OnePortServer } from "./one-port-server.js";

const SNIFF_TIMEOUT_MS = 100;
let onePort: OnePortServer;

const listen = async (): Promise<number> => {
  // `/slow` answers after three sniffing timeouts.
  const handler = (req: { url?: string }, res: { end(text: string): unknown }) =>
    void setTimeout(() => res.end("ok"), req.url === "/slow" ? 3 * SNIFF_TIMEOUT_MS : 0);
  onePort = createOnePortServer(handler, { sniffTimeoutMs: SNIFF_TIMEOUT_MS });
  await new Promise<void>((resolve) => onePort.server.listen(0, "127.0.0.1", resolve));
  return (onePort.server.address() as net.AddressInfo).port;
};
afterEach(() => onePort.close());

const connect = (port: number) =>
  new Promise<net.Socket>((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });

/** Resolves with how long the server took to close the connection, or "open" after `waitMs`. */
const closedWithin = (socket: net.Socket, waitMs: number) =>
  new Promise<"closed" | "open">((resolve) => {
    const timer = setTimeout(() => resolve("open"), waitMs);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve("closed");
    });
    socket.resume();
  });

/** Sends one HTTP/1.1 request on `socket` and resolves with the raw answer. */
const exchange = (socket: net.Socket, path = "/") =>
  new Promise<string>((resolve, reject) => {
    socket.once("data", (chunk: Buffer) => resolve(chunk.toString()));
    socket.once("close", () => reject(new Error("connection closed")));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
  });

/** One GET on an HTTP/2 session: the body. */
const h2Get = (session: http2.ClientHttp2Session) =>
  new Promise<string>((resolve, reject) => {
    const stream = session.request({ ":path": "/" });
    let body = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => (body += chunk));
    stream.on("end", () => resolve(body));
    stream.on("error", reject);
    stream.end();
  });

describe("createOnePortServer", () => {
  it("closes a connection that sends nothing within the sniffing timeout", async () => {
    const socket = await connect(await listen());
    expect(await closedWithin(socket, 2000)).toBe("closed");
  });

  it("closes a connection that stops in the middle of the HTTP/2 preface", async () => {
    const socket = await connect(await listen());
    socket.write("PRI * HTTP/2.0\r\n");
    expect(await closedWithin(socket, 2000)).toBe("closed");
  });

  it("keeps a routed HTTP/1.1 connection open past the sniffing timeout", async () => {
    const socket = await connect(await listen());
    expect(await exchange(socket, "/slow")).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*ok$/);
    expect(await exchange(socket)).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    socket.destroy();
  });

  it("keeps a routed HTTP/2 connection open past the sniffing timeout", async () => {
    const session = http2.connect(`http://127.0.0.1:${await listen()}`);
    try {
      expect(await h2Get(session)).toBe("ok");
      await new Promise((resolve) => setTimeout(resolve, 3 * SNIFF_TIMEOUT_MS));
      expect(session.closed).toBe(false);
      expect(await h2Get(session)).toBe("ok");
    } finally {
      session.destroy();
    }
  });
});

/** A server with `limits` whose handler answers `responseBytes` of data and counts its calls. */
const listenWith = async (limits: Parameters<typeof createOnePortServer>[1], responseBytes = 0) => {
  const calls = { count: 0 };
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    calls.count++;
    req.resume();
    req.on("end", () => res.end(Buffer.alloc(responseBytes, 120)));
  };
  onePort = createOnePortServer(handler as never, { sniffTimeoutMs: SNIFF_TIMEOUT_MS, ...limits });
  await new Promise<void>((resolve) => onePort.server.listen(0, "127.0.0.1", resolve));
  return { port: (onePort.server.address() as net.AddressInfo).port, calls };
};

/** Everything the server sends until it closes the connection (at most `waitMs`). */
const readAll = (socket: net.Socket, waitMs = 3000) =>
  new Promise<string>((resolve) => {
    let text = "";
    const timer = setTimeout(() => resolve(text), waitMs);
    socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
    socket.on("close", () => (clearTimeout(timer), resolve(text)));
  });

const zitadelErrorOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)) as { code: number; message: string };

describe("createOnePortServer under a client that does not read", () => {
  it("handles a connection's pipelined requests one by one, as their responses drain", async () => {
    const { port, calls } = await listenWith({}, 4 * 1024 * 1024);
    const socket = await connect(port);
    socket.pause();
    socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(10));
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The first response (4 MB) cannot be sent to a client that does not read: the rest wait.
    expect(calls.count).toBe(1);
    let received = 0;
    socket.on("data", (chunk: Buffer) => (received += chunk.length));
    socket.resume();
    await vi.waitFor(() => expect(received).toBeGreaterThan(10 * 4 * 1024 * 1024), { timeout: 10_000 });
    expect(calls.count).toBe(10);
    socket.destroy();
  });

  it("closes a connection with more pipelined requests waiting than allowed, and never handles them", async () => {
    const { port, calls } = await listenWith({ maxQueuedRequestsPerConnection: 3 }, 4 * 1024 * 1024);
    const socket = await connect(port);
    socket.pause();
    socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(10));
    expect(await closedWithin(socket, 3000)).toBe("closed");
    expect(calls.count).toBe(1);
  });
});

describe("createOnePortServer timeouts and parser errors", () => {
  it("answers 408 in ZITADEL's error shape to headers that do not arrive in time", async () => {
    const { port } = await listenWith({ headersTimeoutMs: 200 });
    const socket = await connect(port);
    socket.write("GET / HTTP/1.1\r\nHost: x\r\n");
    const answer = await readAll(socket);
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(answer).toContain("Content-Type: application/json");
    expect(zitadelErrorOf(answer)).toEqual({ code: 4, message: "Request Timeout" });
  });

  it("answers 408 to a request body trickled past the request timeout", async () => {
    const { port, calls } = await listenWith({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const socket = await connect(port);
    socket.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n");
    const trickle = setInterval(() => socket.writable && socket.write(" "), 50);
    const answer = await readAll(socket);
    clearInterval(trickle);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(calls.count).toBe(1); // handled, but its body never completed
  });

  it("cancels an HTTP/2 stream whose body is not complete within the request timeout, and no other", async () => {
    const { port } = await listenWith({ headersTimeoutMs: 200, requestTimeoutMs: 200 });
    const session = http2.connect(`http://127.0.0.1:${port}`);
    try {
      const started = Date.now();
      const stalled = session.request({ ":method": "POST", ":path": "/" }, { endStream: false });
      stalled.write("part of a body");
      const reset = new Promise<number>((resolve) => stalled.on("close", () => resolve(stalled.rstCode ?? -1)));
      stalled.on("error", () => {});
      stalled.resume();
      // A stream that sends its request in time is answered, on the same session.
      expect(await h2Get(session)).toBe("");
      expect(await reset).toBe(http2.constants.NGHTTP2_CANCEL);
      // Checked every quarter of the timeout (at least 50 ms): within 1.25 timeouts and the test's slack.
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      session.destroy();
    }
  });

  it("answers malformed requests (400) and oversized headers (431) as JSON errors", async () => {
    const { port } = await listenWith({});
    const garbage = await connect(port);
    garbage.write("GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
    const bad = await readAll(garbage);
    expect(bad).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(zitadelErrorOf(bad)).toEqual({ code: 3, message: "Bad Request" });

    const big = await connect(port);
    big.write(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    const tooLarge = await readAll(big);
    expect(tooLarge).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(zitadelErrorOf(tooLarge)).toEqual({ code: 8, message: "Request Header Fields Too Large" });
  });

  it("ends an idle HTTP/2 session and advertises a bound on concurrent streams", async () => {
    const { port } = await listenWith({ h2IdleTimeoutMs: 200, h2MaxConcurrentStreams: 7 });
    const session = http2.connect(`http://127.0.0.1:${port}`);
    try {
      await h2Get(session);
      expect(session.remoteSettings.maxConcurrentStreams).toBe(7);
      const ended = await new Promise<"ended" | "open">((resolve) => {
        session.once("close", () => resolve("ended"));
        setTimeout(() => resolve("open"), 2000);
      });
      expect(ended).toBe("ended");
    } finally {
      session.destroy();
    }
  });

  it("tells an idle HTTP/2 session with an open stream to go away, and still answers that stream", async () => {
    const { port } = await listenWith({ h2IdleTimeoutMs: 200 });
    const session = http2.connect(`http://127.0.0.1:${port}`);
    try {
      const stream = session.request({ ":path": "/", ":method": "POST" });
      stream.write("half a body");
      const status = new Promise<unknown>((resolve) => stream.once("response", (headers) => resolve(headers[":status"])));
      await new Promise((resolve) => session.once("goaway", resolve));
      expect(session.destroyed).toBe(false);
      stream.end(" and the rest");
      stream.resume();
      expect(await status).toBe(200);
    } finally {
      session.destroy();
    }
  });

  it("cuts off the largest unfinished bodies once all of them together pass the budget", async () => {
    const { port } = await listenWith({ maxUnfinishedBodyBytesTotal: 1024 * 1024 });
    const small = await connect(port);
    small.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");
    small.write(Buffer.alloc(100_000));
    const large = await connect(port);
    large.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n");
    large.on("error", () => {});
    for (let i = 0; i < 20 && large.writable; i++) large.write(Buffer.alloc(100_000));
    expect(await closedWithin(large, 3000)).toBe("closed");
    expect(small.destroyed).toBe(false);
    small.destroy();
  });
});

describe("createOnePortServer and request lines of another HTTP version", () => {
  it("answers HTTP/2.0 on an HTTP/1 connection (no preface) with 400 JSON, never handling it", async () => {
    const { port, calls } = await listenWith({});
    const socket = await connect(port);
    socket.write("GET / HTTP/2.0\r\nHost: x\r\n\r\n");
    const answer = await readAll(socket);
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(zitadelErrorOf(answer)).toEqual({ code: 3, message: "Bad Request" });
    expect(calls.count).toBe(0);
  });
});

describe("createOnePortServer with a stream handler", () => {
  /** A server whose stream handler answers `/stream` itself (throwing on `/throw`); the rest reach `handler`. */
  const listenStreams = async () => {
    const handler = (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => {
      req.resume();
      req.on("end", () => res.end(`compat ${req.method} ${req.url}`));
    };
    const streams = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => {
      if (headers[":path"] === "/throw") throw new Error("a bug");
      if (headers[":path"] !== "/stream") return false;
      stream.respond({ ":status": 200 });
      stream.end("stream");
      return true;
    };
    onePort = createOnePortServer(handler as never, { sniffTimeoutMs: SNIFF_TIMEOUT_MS }, streams);
    await new Promise<void>((resolve) => onePort.server.listen(0, "127.0.0.1", resolve));
    return http2.connect(`http://127.0.0.1:${(onePort.server.address() as net.AddressInfo).port}`);
  };
  const request = (session: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders) =>
    new Promise<{ headers: http2.IncomingHttpHeaders; trailers: http2.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const stream = session.request(headers);
      let received: http2.IncomingHttpHeaders = {};
      let trailers: http2.IncomingHttpHeaders = {};
      let body = "";
      stream.setEncoding("utf8");
      stream.on("response", (h) => (received = h));
      stream.on("trailers", (t) => (trailers = t));
      stream.on("data", (chunk: string) => (body += chunk));
      stream.on("end", () => resolve({ headers: received, trailers, body }));
      stream.on("error", reject);
      stream.end();
    });

  it("serves the streams it takes, and hands the others to the request handler as Node's request and response", async () => {
    const session = await listenStreams();
    try {
      expect((await request(session, { ":path": "/stream" })).body).toBe("stream");
      expect((await request(session, { ":path": "/other", ":method": "POST" })).body).toBe("compat POST /other");
      // What Node's compatibility layer does before the request handler, as for a listening server.
      expect((await request(session, { ":path": "/other", expect: "nonsense" })).headers[":status"]).toBe(417);
    } finally {
      session.destroy();
    }
  });

  it("answers gRPC Internal when the stream handler throws, and goes on serving", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const session = await listenStreams();
    try {
      const answer = await request(session, { ":path": "/throw", ":method": "POST", "content-type": "application/grpc" });
      // As grpc-go answers (decision 045): headers, then the status in the trailers.
      expect(answer.headers).toMatchObject({ ":status": 200, "content-type": "application/grpc" });
      expect(answer.trailers).toMatchObject({ "grpc-status": "13" });
      expect(errors).toHaveBeenCalled();
      expect((await request(session, { ":path": "/stream" })).body).toBe("stream");
    } finally {
      session.destroy();
      errors.mockRestore();
    }
  });
});
