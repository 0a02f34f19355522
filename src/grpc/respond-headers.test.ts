import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import semver from "semver";
import { afterEach, describe, expect, it } from "vitest";
import { resetRawHeaderArrays, respondHeaders } from "./respond-headers.js";

/** A stream that records what `respond` was given, refusing header arrays as Node 22.19–22.22 does. */
const olderNodeStream = () => {
  const calls: unknown[] = [];
  const stream = {
    respond: (headers: unknown, options: unknown) => {
      if (Array.isArray(headers)) throw Object.assign(new TypeError('The "headers" argument must be of type object'), { code: "ERR_INVALID_ARG_TYPE" });
      calls.push([headers, options]);
    },
  };
  return { stream: stream as unknown as http2.ServerHttp2Stream, calls };
};

afterEach(resetRawHeaderArrays);

describe("respondHeaders", () => {
  it("answers a real HTTP/2 client with the status and the headers given, a repeated name too, no date, trailers following", async () => {
    const server = http2.createServer();
    const given: unknown[] = [];
    server.on("stream", (stream) => {
      stream.resume();
      const respond = stream.respond.bind(stream);
      stream.respond = ((headers, options) => (given.push(headers), respond(headers, options))) as typeof stream.respond;
      respondHeaders(stream, [":status", "200", "content-type", "application/grpc+proto", "trailer", "Grpc-Status", "trailer", "Grpc-Message"]);
      stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
      stream.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const client = http2.connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      const request = client.request({ ":method": "POST", ":path": "/x" });
      request.end();
      const [headers, trailers] = await Promise.all([
        new Promise<http2.IncomingHttpHeaders>((resolve) => request.on("response", resolve)),
        new Promise<http2.IncomingHttpHeaders>((resolve) => request.on("trailers", resolve)),
      ]);
      request.resume();
      expect(headers[":status"]).toBe(200);
      expect(headers["content-type"]).toBe("application/grpc+proto");
      expect(headers.trailer).toBe("Grpc-Status, Grpc-Message");
      expect(headers.date).toBeUndefined();
      expect(trailers["grpc-status"]).toBe("0");
      // The Node CI runs (22.23) takes the array as it is: no object is built for it.
      if (semver.satisfies(process.versions.node, ">=22.23 <23")) expect(given.map((headers) => Array.isArray(headers))).toEqual([true]);
    } finally {
      client.close();
      server.close();
    }
  });

  it("falls back to a header object on a Node that refuses arrays, and asks only once", () => {
    const first = olderNodeStream();
    respondHeaders(first.stream, [":status", "200", "content-type", "application/grpc", "grpc-encoding", "gzip", "trailer", "Grpc-Status", "trailer", "Grpc-Message"]);
    expect(first.calls).toEqual([
      [
        { ":status": "200", "content-type": "application/grpc", "grpc-encoding": "gzip", trailer: ["Grpc-Status", "Grpc-Message"] },
        { waitForTrailers: true, sendDate: false },
      ],
    ]);
    const second = olderNodeStream();
    const respond = second.stream.respond.bind(second.stream);
    let arraysOffered = 0;
    second.stream.respond = ((headers: unknown, options: unknown) => {
      if (Array.isArray(headers)) arraysOffered++;
      respond(headers as never, options as never);
    }) as typeof second.stream.respond;
    respondHeaders(second.stream, [":status", "200", "content-type", "application/grpc"]);
    expect(arraysOffered).toBe(0);
    expect(second.calls).toHaveLength(1);
  });

  it("keeps offering arrays when the object form fails too (the refusal was not about arrays)", () => {
    const calls: unknown[] = [];
    const stream = {
      respond: (headers: unknown) => {
        calls.push(headers);
        throw Object.assign(new TypeError('The "headers" argument must be of type object'), { code: "ERR_INVALID_ARG_TYPE" });
      },
    } as unknown as http2.ServerHttp2Stream;
    expect(() => respondHeaders(stream, [":status", "200"])).toThrow(TypeError);
    expect(() => respondHeaders(stream, [":status", "200"])).toThrow(TypeError);
    expect(calls.map((headers) => Array.isArray(headers))).toEqual([true, false, true, false]);
  });

  it("lets any other error from respond through (a stream already answered)", () => {
    const stream = {
      respond: () => {
        throw Object.assign(new Error("Response has already been initiated."), { code: "ERR_HTTP2_HEADERS_SENT" });
      },
    } as unknown as http2.ServerHttp2Stream;
    expect(() => respondHeaders(stream, [":status", "200"])).toThrow(/already been initiated/);
  });
});
