/**
 * The one cap on unfinished request bodies (maxUnfinishedBodyBytesTotal) holds for gRPC over HTTP/2
 * too: bodies read by the stream path and bodies read by connect-node count together, and the stream
 * holding the most is reset (ENHANCE_YOUR_CALM) once they pass it.
 */
import http2 from "node:http2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockServer, type MockServer } from "../../src/index.js";
import { startUnfinishedGrpcCall } from "../unfinished-grpc-call.js";

const GET_ORG_METADATA = "/zitadel.management.v1.ManagementService/GetOrgMetadata";
const BUDGET = 256 * 1024;
let mock: MockServer;
let url: string;

beforeAll(async () => {
  mock = await createMockServer({ port: 0, limits: { maxUnfinishedBodyBytesTotal: BUDGET } });
  ({ url } = await mock.start());
});
afterAll(() => mock.stop());

/** A call that declares a 200 KiB message and sends `bytes` of it, never ending its body. */
const unfinishedCall = (session: http2.ClientHttp2Session, bytes: number, headers: http2.OutgoingHttpHeaders = {}) => {
  const stream = startUnfinishedGrpcCall(session, { path: GET_ORG_METADATA, declaredBytes: 200 * 1024, sentBytes: bytes, headers });
  const closed = new Promise<number>((resolve) => stream.on("close", () => resolve(stream.rstCode ?? -1)));
  return { stream, closed };
};

const stillOpen = (closed: Promise<number>, waitMs: number) =>
  Promise.race([closed, new Promise<"open">((resolve) => setTimeout(() => resolve("open"), waitMs))]);

describe("the body budget on HTTP/2", () => {
  it("resets the stream holding the most once the stream path's bodies pass it, and leaves the others", async () => {
    const session = http2.connect(url);
    try {
      const smaller = unfinishedCall(session, 100 * 1024);
      expect(await stillOpen(smaller.closed, 200)).toBe("open");
      const larger = unfinishedCall(session, 180 * 1024);
      expect(await larger.closed).toBe(http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
      expect(await stillOpen(smaller.closed, 200)).toBe("open");
    } finally {
      session.destroy();
    }
  });

  it("counts a body connect-node reads (a compressed call) with the stream path's", async () => {
    const session = http2.connect(url);
    try {
      const onStreamPath = unfinishedCall(session, 100 * 1024);
      expect(await stillOpen(onStreamPath.closed, 200)).toBe("open");
      const viaConnect = unfinishedCall(session, 180 * 1024, { "grpc-encoding": "gzip" });
      expect(await viaConnect.closed).toBe(http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
      expect(await stillOpen(onStreamPath.closed, 200)).toBe("open");
    } finally {
      session.destroy();
    }
  });
});
