import http2 from "node:http2";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
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
