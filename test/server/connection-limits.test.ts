/**
 * What a misbehaving or impatient client gets from the listening mock: over-limit gRPC messages end
 * their stream, `grpc-timeout` counts from arrival (simulated delay included), gRPC-web formats the
 * mock does not serve get a gRPC-web status.
 */
import http2 from "node:http2";
import { GetMyOrgRequestSchema } from "@zitadel/proto/zitadel/management_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockServer, type MockServer } from "../../src/index.js";
import { TOKEN } from "../default-fixture.js";
import { messageEnvelope, readGrpcWebTrailer } from "../grpc-envelopes.js";
import { startUnfinishedGrpcCall } from "../unfinished-grpc-call.js";

const SET_ORG_METADATA = "/zitadel.management.v1.ManagementService/SetOrgMetadata";
const GET_MY_ORG = "/zitadel.management.v1.ManagementService/GetMyOrg";
let mock: MockServer;
let url: string;

beforeAll(async () => {
  mock = await createMockServer({ port: 0, delay: { minMs: 600, maxMs: 600 } });
  ({ url } = await mock.start());
});
afterAll(() => mock.stop());

describe("a gRPC message over the read limit on HTTP/2", () => {
  it("gets RESOURCE_EXHAUSTED and its stream ends (RST_STREAM NO_ERROR) while the client is still sending", async () => {
    const session = http2.connect(url);
    try {
      // A prefix that declares 40 MiB, of which the client sends only 1000 bytes, never ending the body.
      const stream = startUnfinishedGrpcCall(session, { path: SET_ORG_METADATA, declaredBytes: 40 * 1024 * 1024, sentBytes: 1000 });
      let status: string | undefined;
      stream.on("trailers", (trailers) => (status = String(trailers["grpc-status"])));
      const closed = await new Promise<number | "open">((resolve) => {
        stream.on("close", () => resolve(stream.rstCode ?? -1));
        setTimeout(() => resolve("open"), 3000);
      });
      expect(status).toBe("8");
      expect(closed).toBe(http2.constants.NGHTTP2_NO_ERROR);
    } finally {
      session.destroy();
    }
  });
});

/** A native gRPC GetMyOrg with this `grpc-timeout`, as alice. */
const getMyOrgWithin = (session: http2.ClientHttp2Session, timeout: string) =>
  session.request({
    ":method": "POST",
    ":path": GET_MY_ORG,
    "content-type": "application/grpc",
    te: "trailers",
    "grpc-timeout": timeout,
    authorization: `Bearer ${TOKEN.acmeOwner}`,
  });

describe("grpc-timeout", () => {
  it("ends a gRPC-web call with DEADLINE_EXCEEDED when it passes during the simulated delay", async () => {
    const started = performance.now();
    const res = await fetch(`${url}${GET_MY_ORG}`, {
      method: "POST",
      headers: { "content-type": "application/grpc-web+proto", "grpc-timeout": "100m", authorization: `Bearer ${TOKEN.acmeOwner}` },
      body: messageEnvelope(GetMyOrgRequestSchema),
    });
    expect(res.headers.get("grpc-status")).toBe("4");
    expect(decodeURIComponent(res.headers.get("grpc-message") ?? "")).toBe("context deadline exceeded");
    expect(performance.now() - started).toBeLessThan(550);
  });

  it("ends a native gRPC call with DEADLINE_EXCEEDED as grpc-go writes it: headers without date, then the trailers", async () => {
    const session = http2.connect(url);
    try {
      const stream = getMyOrgWithin(session, "100m");
      const answer = new Promise<[http2.IncomingHttpHeaders, http2.IncomingHttpHeaders]>((resolve) => {
        let headers: http2.IncomingHttpHeaders = {};
        stream.on("response", (received) => (headers = received));
        stream.on("trailers", (trailers) => resolve([headers, trailers]));
      });
      stream.resume();
      stream.end(messageEnvelope(GetMyOrgRequestSchema));
      const [headers, trailers] = await answer;
      expect(headers).toMatchObject({ "content-type": "application/grpc", trailer: "Grpc-Status, Grpc-Message, Grpc-Status-Details-Bin", "x-robots-tag": "none" });
      expect(headers.date).toBeUndefined();
      expect(headers["grpc-status"]).toBeUndefined();
      expect(trailers).toMatchObject({ "grpc-status": "4", "grpc-message": "context deadline exceeded" });
    } finally {
      session.destroy();
    }
  });

  it("treats a timeout too long for a timer (99999999H, 11,000 years) as no deadline, as grpc-go does", async () => {
    // Node fires a timer that long after 1 ms, with a TimeoutOverflowWarning on the mock's stderr.
    const warnings: string[] = [];
    const collect = (warning: Error) => warnings.push(warning.name);
    process.on("warning", collect);
    const session = http2.connect(url);
    try {
      const stream = getMyOrgWithin(session, "99999999H");
      const status = new Promise<unknown>((resolve) => {
        stream.on("response", (headers) => headers["grpc-status"] !== undefined && resolve(headers["grpc-status"]));
        stream.on("trailers", (trailers) => resolve(trailers["grpc-status"]));
      });
      stream.resume();
      stream.end(messageEnvelope(GetMyOrgRequestSchema));
      expect(await status).toBe("0");
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain("TimeoutOverflowWarning");
    } finally {
      process.off("warning", collect);
      session.destroy();
    }
  });

  it("leaves a call that is answered in time alone", async () => {
    const res = await fetch(`${url}${GET_MY_ORG}`, {
      method: "POST",
      headers: { "content-type": "application/grpc-web+proto", "grpc-timeout": "5S", authorization: `Bearer ${TOKEN.acmeOwner}` },
      body: messageEnvelope(GetMyOrgRequestSchema),
    });
    const body = new Uint8Array(await res.arrayBuffer());
    expect(res.headers.get("grpc-status")).toBeNull(); // the status is in the body's trailer frame
    expect((await readGrpcWebTrailer(body))?.get("grpc-status")).toBe("0");
  });
});

describe("gRPC-web content types the mock does not serve", () => {
  it("answers +xml with a gRPC-web status (UNIMPLEMENTED) that names what to send, not a bare 415", async () => {
    const res = await fetch(`${url}${GET_MY_ORG}`, {
      method: "POST",
      headers: { "content-type": "application/grpc-web+xml", authorization: `Bearer ${TOKEN.acmeOwner}` },
      body: messageEnvelope(GetMyOrgRequestSchema),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("grpc-status")).toBe("12");
    expect(decodeURIComponent(res.headers.get("grpc-message") ?? "")).toBe(
      "zitadel-mock does not support the gRPC-web content type application/grpc-web+xml; send application/grpc-web+proto",
    );
  });
});
