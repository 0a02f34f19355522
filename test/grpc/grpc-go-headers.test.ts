/**
 * The response headers of native gRPC answers, as ZITADEL's grpc-go (`ServeHTTP` in Go's net/http)
 * sends them (decision 045): no `date`, the trailer declarations, headers before the status (never a
 * trailers-only answer), and the no-cache interceptor's header metadata on every call that reaches
 * ZITADEL's interceptors, errors included. Checked with a raw HTTP/2 client on both gRPC paths (the
 * stream path and connect-node, which a `grpc-timeout` selects) and with ZITADEL's Node SDK.
 */
import http2 from "node:http2";
import { GetOrgMetadataRequestSchema } from "@zitadel/proto/zitadel/management_pb.js";
import { afterAll, describe, expect, it } from "vitest";
import { envelope, messageEnvelope } from "../grpc-envelopes.js";
import { TOKEN, mockPerFile, rawGrpcCall, zitadelNodeClient } from "./support.js";

const { url } = await mockPerFile();
const session = http2.connect(url);
afterAll(() => session.close());

const call = (rpc: string, body: Buffer, headers: Record<string, string> = {}) => rawGrpcCall(session, rpc, body, headers);

const getKey = (key: string) => messageEnvelope(GetOrgMetadataRequestSchema, { key });

const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** What grpc-go's transport and ZITADEL's router put on every answer. */
const expectGrpcGoHeaders = (headers: http2.IncomingHttpHeaders): void => {
  expect(headers[":status"]).toBe(200);
  expect(headers["content-type"]).toBe("application/grpc");
  expect(headers.trailer).toBe("Grpc-Status, Grpc-Message, Grpc-Status-Details-Bin");
  expect(headers["x-robots-tag"]).toBe("none"); // ZITADEL's router middleware
  expect(headers.date).toBeUndefined();
  expect(headers["grpc-status"]).toBeUndefined(); // not trailers-only
};

/** What ZITADEL's no-cache interceptor sends once a call reaches it. */
const expectNoCacheHeaders = (headers: http2.IncomingHttpHeaders): void => {
  expect(headers).toMatchObject({
    "cache-control": "no-store",
    pragma: "no-cache",
    "grpc-metadata-cache-control": "no-store",
    "grpc-metadata-pragma": "no-cache",
  });
  expect(headers.expires).toMatch(HTTP_DATE);
  expect(headers["grpc-metadata-expires"]).toBe(headers.expires);
  expect(Math.abs(Date.parse(headers.expires!) - Date.now())).toBeLessThan(5_000); // now, on the real clock
};

const NO_CACHE_HEADERS = ["cache-control", "pragma", "expires", "grpc-metadata-cache-control", "grpc-metadata-expires", "grpc-metadata-pragma"];

describe.each([
  ["the stream path", {}],
  ["connect-node (a client deadline)", { "grpc-timeout": "10S" }],
])("an RPC that reaches ZITADEL's interceptors, over %s", (_path, extra) => {
  it("answers with the no-cache headers and grpc-go's trailer declaration, without a date", async () => {
    const answer = await call("GetOrgMetadata", getKey("plan"), extra);
    expectGrpcGoHeaders(answer.headers);
    expectNoCacheHeaders(answer.headers);
    expect(answer.trailers["grpc-status"]).toBe("0");
  });

  it("sends them on an error too: headers first, then the status in the trailers, sorted by name as Go writes them", async () => {
    const answer = await call("GetOrgMetadata", getKey("missing"), extra);
    expectGrpcGoHeaders(answer.headers);
    expectNoCacheHeaders(answer.headers);
    expect(answer.trailers["grpc-status"]).toBe("5");
    expect(answer.trailerNames).toEqual(["grpc-message", "grpc-status", "grpc-status-details-bin"]);
  });

  it("sends them to a caller the auth interceptor refuses (it runs after the no-cache one)", async () => {
    const answer = await call("GetOrgMetadata", getKey("plan"), { ...extra, authorization: "Bearer not-a-token" });
    expectNoCacheHeaders(answer.headers);
    expect(answer.trailers["grpc-status"]).toBe("16");
  });
});

describe("a call grpc-go refuses before ZITADEL's interceptors", () => {
  it("an unknown method: headers, then UNIMPLEMENTED in the trailers, without the no-cache headers", async () => {
    const answer = await call("NoSuchRpc", envelope(new Uint8Array()));
    expectGrpcGoHeaders(answer.headers);
    for (const name of NO_CACHE_HEADERS) expect(answer.headers[name]).toBeUndefined();
    expect(answer.trailers).toMatchObject({ "grpc-status": "12", "grpc-message": "unknown method NoSuchRpc for service zitadel.management.v1.ManagementService" });
  });

  it("a body that is no complete message, and a message over 4 MiB: no no-cache headers", async () => {
    const cut = await call("GetOrgMetadata", getKey("plan").subarray(0, 7));
    expectGrpcGoHeaders(cut.headers);
    for (const name of NO_CACHE_HEADERS) expect(cut.headers[name]).toBeUndefined();
    expect(cut.trailers["grpc-status"]).toBe("3");

    const large = await call("GetOrgMetadata", getKey("k".repeat(4 * 1024 * 1024 + 1)));
    expectGrpcGoHeaders(large.headers);
    for (const name of NO_CACHE_HEADERS) expect(large.headers[name]).toBeUndefined();
    expect(large.trailers["grpc-status"]).toBe("8");
  });
});

describe("with ZITADEL's Node SDK (@zitadel/node)", () => {
  it("an app reads the no-cache header metadata of a call", async () => {
    const client = zitadelNodeClient(url, TOKEN.acmeOwner);
    const received: Array<[string, string]> = [];
    await client.getOrgMetadata({ key: "plan" }, { onHeader: (header) => received.push(...[...header].map(([name, values]) => [name, values.join()] as [string, string])) });
    expect(Object.fromEntries(received)).toMatchObject({ "cache-control": "no-store", pragma: "no-cache", "grpc-metadata-pragma": "no-cache" });
  });
});
