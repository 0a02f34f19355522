/**
 * `onRequest` (the CLI's access log): one entry per request, when it is answered or abandoned. A call
 * the client cancels is logged as `aborted`, over HTTP/1.1 and HTTP/2 alike.
 */
import http2 from "node:http2";
import { GetOrgMetadataRequestSchema } from "@zitadel/proto/zitadel/management_pb.js";
import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMockServer, formatRequestLogEntry, type MockServer, type RequestLogEntry } from "../../src/index.js";
import { TOKEN } from "../default-fixture.js";
import { messageEnvelope } from "../grpc-envelopes.js";

const DELAY_MS = 300;
const PLAN = "/management/v1/metadata/plan";
const GET_ORG_METADATA = "/zitadel.management.v1.ManagementService/GetOrgMetadata";

let entries: RequestLogEntry[] = [];
/** Without delay, and with a delay long enough to cancel a call before it is answered. */
let prompt: { mock: MockServer; url: string };
let delayed: { mock: MockServer; url: string };

const startLogged = async (delayMs: number) => {
  const mock = await createMockServer({
    port: 0,
    ...(delayMs > 0 ? { delay: { minMs: delayMs, maxMs: delayMs } } : {}),
    onRequest: (entry) => entries.push(entry),
  });
  const { url } = await mock.start();
  return { mock, url };
};

beforeAll(async () => {
  prompt = await startLogged(0);
  delayed = await startLogged(DELAY_MS);
});
afterAll(async () => {
  await prompt.mock.stop();
  await delayed.mock.stop();
});
beforeEach(() => {
  entries = [];
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The log entries for `path`, once there are `count` of them (or fails after 3 s). */
const logged = async (path: string, count = 1): Promise<RequestLogEntry[]> => {
  for (let waited = 0; waited < 3000; waited += 20) {
    const found = entries.filter((e) => e.path === path);
    if (found.length >= count) return found;
    await sleep(20);
  }
  throw new Error(`no log entry for ${path}; logged: ${JSON.stringify(entries)}`);
};

/**
 * Opens an HTTP/2 (h2c) stream; `cancelAfterMs` resets it (NGHTTP2_CANCEL) that long after sending,
 * `unfinished` leaves the request body open until then.
 */
const h2Call = (url: string, headers: http2.OutgoingHttpHeaders, body?: Buffer, cancelAfterMs?: number, unfinished = false) =>
  new Promise<{ status?: number; reset: boolean }>((resolve, reject) => {
    const session = http2.connect(url);
    session.on("error", reject);
    const stream = session.request(headers);
    let status: number | undefined;
    stream.on("response", (h) => (status = Number(h[":status"])));
    stream.on("error", () => undefined);
    stream.resume();
    stream.on("close", () => {
      session.close();
      resolve({ ...(status === undefined ? {} : { status }), reset: stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR });
    });
    if (unfinished) stream.write(body);
    else stream.end(body);
    if (cancelAfterMs !== undefined) setTimeout(() => stream.close(http2.constants.NGHTTP2_CANCEL), cancelAfterMs);
  });

const grpcHeaders = (path: string): http2.OutgoingHttpHeaders => ({
  ":method": "POST",
  ":path": path,
  "content-type": "application/grpc+proto",
  te: "trailers",
  authorization: `Bearer ${TOKEN.acmeOwner}`,
});

describe("the request log", () => {
  it("logs a REST call over HTTP/1.1 once it is answered", async () => {
    const res = await fetch(`${prompt.url}${PLAN}`, { headers: { authorization: `Bearer ${TOKEN.acmeOwner}` } });
    await res.arrayBuffer();
    const [entry] = await logged(PLAN);
    expect(entry).toEqual({ method: "GET", path: PLAN, protocol: "rest", httpStatus: 200, durationMs: expect.any(Number) });
  });

  it("labels the mock's own /__mock/* calls as control calls, not as REST", async () => {
    await (await fetch(`${prompt.url}/__mock/requests?limit=1`)).arrayBuffer();
    const [entry] = await logged("/__mock/requests?limit=1");
    expect(entry).toEqual({ method: "GET", path: "/__mock/requests?limit=1", protocol: "control", httpStatus: 200, durationMs: expect.any(Number) });
    expect(formatRequestLogEntry({ ...entry!, durationMs: 0.42 })).toBe("GET /__mock/requests?limit=1 200 control 0.4ms");
  });

  it("logs the calls made through mock.app (supertest) as those to the port, as the journal records them", async () => {
    await request(prompt.mock.app).get(PLAN).set("authorization", `Bearer ${TOKEN.acmeOwner}`).expect(200);
    await request(prompt.mock.app).get("/__mock/faults").expect(200);
    expect(await logged(PLAN)).toEqual([{ method: "GET", path: PLAN, protocol: "rest", httpStatus: 200, durationMs: expect.any(Number) }]);
    expect(await logged("/__mock/faults")).toMatchObject([{ method: "GET", protocol: "control", httpStatus: 200 }]);
    expect(prompt.mock.control.requests().at(-1)).toMatchObject({ transport: "rest", path: PLAN, httpStatus: 200 });
  });

  it("logs a REST call a fault rule drops as aborted, as the client saw it cut off", async () => {
    prompt.mock.control.addFault({ match: { transport: "rest", rpc: "GetOrgMetadata" }, drop: true, times: 1 });
    await expect(fetch(`${prompt.url}${PLAN}`, { headers: { authorization: `Bearer ${TOKEN.acmeOwner}` } })).rejects.toThrow();
    const [entry] = await logged(PLAN);
    expect(entry).toMatchObject({ method: "GET", path: PLAN, protocol: "rest", aborted: true });
    expect(prompt.mock.control.requests().at(-1)).toMatchObject({ path: PLAN, httpStatus: 0 });
  });

  it("keeps mock.app an express app once loaded, with onRequest set", async () => {
    const app = prompt.mock.app as unknown as { use?: unknown; set?: unknown; locals?: unknown };
    expect(typeof app.use).toBe("function");
    expect(typeof app.set).toBe("function");
    expect(app.locals).toBeTypeOf("object");
  });

  it("logs a gRPC call over HTTP/2 with its grpc-status, not as aborted", async () => {
    const call = await h2Call(prompt.url, grpcHeaders(GET_ORG_METADATA), messageEnvelope(GetOrgMetadataRequestSchema, { key: "plan" }));
    expect(call).toEqual({ status: 200, reset: false });
    const [entry] = await logged(GET_ORG_METADATA);
    expect(entry).toEqual({
      method: "POST",
      path: GET_ORG_METADATA,
      protocol: "grpc",
      httpStatus: 200,
      grpcStatus: 0,
      durationMs: expect.any(Number),
    });
  });

  it("logs a gRPC call the client cancels as aborted (HTTP/2 emits finish on a reset)", async () => {
    const call = await h2Call(delayed.url, grpcHeaders(GET_ORG_METADATA), messageEnvelope(GetOrgMetadataRequestSchema, { key: "plan" }), 50);
    expect(call.reset).toBe(true);
    const [entry] = await logged(GET_ORG_METADATA);
    expect(entry).toMatchObject({ path: GET_ORG_METADATA, protocol: "grpc", aborted: true });
    expect(entry?.durationMs).toBeLessThan(DELAY_MS);
  });

  it("logs a native gRPC call the client cancels while a fault rule holds it as aborted", async () => {
    prompt.mock.control.addFault({ match: { rpc: "GetOrgMetadata" }, delayMs: DELAY_MS, times: 1 });
    const call = await h2Call(prompt.url, grpcHeaders(GET_ORG_METADATA), messageEnvelope(GetOrgMetadataRequestSchema, { key: "plan" }), 50);
    expect(call.reset).toBe(true);
    const [entry] = await logged(GET_ORG_METADATA);
    expect(entry).toMatchObject({ path: GET_ORG_METADATA, protocol: "grpc", aborted: true });
    expect(entry?.durationMs).toBeLessThan(DELAY_MS);
    expect(prompt.mock.control.requests().at(-1)).toMatchObject({ transport: "grpc", rpc: "GetOrgMetadata", httpStatus: 0, grpcCode: null });
  });

  it("logs and journals a native gRPC call the client resets in the middle of its body as aborted", async () => {
    const message = messageEnvelope(GetOrgMetadataRequestSchema, { key: "plan" });
    const call = await h2Call(prompt.url, grpcHeaders(GET_ORG_METADATA), message.subarray(0, 3), 50, true);
    expect(call).toEqual({ reset: true });
    const [entry] = await logged(GET_ORG_METADATA);
    expect(entry).toMatchObject({ path: GET_ORG_METADATA, protocol: "grpc", aborted: true });
    expect(prompt.mock.control.requests().at(-1)).toMatchObject({ transport: "grpc", rpc: "GetOrgMetadata", httpStatus: 0, grpcCode: null });
  });

  it("logs an HTTP/1.1 call whose client goes away as aborted", async () => {
    const abandoned = fetch(`${delayed.url}${PLAN}`, {
      headers: { authorization: `Bearer ${TOKEN.acmeOwner}` },
      signal: AbortSignal.timeout(50),
    });
    await expect(abandoned).rejects.toThrow();
    const [entry] = await logged(PLAN);
    expect(entry).toMatchObject({ method: "GET", path: PLAN, protocol: "rest", aborted: true });
    expect(entry?.durationMs).toBeLessThan(DELAY_MS);
  });

  it("logs a REST call over h2c that the client resets as aborted, and does not answer it later", async () => {
    const call = await h2Call(
      delayed.url,
      { ":method": "GET", ":path": PLAN, authorization: `Bearer ${TOKEN.acmeOwner}` },
      undefined,
      50,
    );
    expect(call.reset).toBe(true);
    const [entry] = await logged(PLAN);
    expect(entry).toMatchObject({ path: PLAN, protocol: "rest", aborted: true });
    await sleep(DELAY_MS + 100);
    expect(entries.filter((e) => e.path === PLAN)).toHaveLength(1);
  });

  it("logs and journals a REST call over h2c that the client resets in the middle of its body as aborted", async () => {
    const path = "/management/v1/metadata/theme";
    const headers = { ":method": "POST", ":path": path, "content-type": "application/json", authorization: `Bearer ${TOKEN.acmeOwner}` };
    const call = await h2Call(prompt.url, headers, Buffer.from('{"value":'), 50, true);
    expect(call.reset).toBe(true);
    const [entry] = await logged(path);
    expect(entry).toMatchObject({ path, protocol: "rest", aborted: true });
    expect(prompt.mock.control.requests().at(-1)).toMatchObject({ transport: "rest", path, httpStatus: 0 });
  });

  it("prints aborted calls with `aborted`", () => {
    const entry: RequestLogEntry = { method: "GET", path: PLAN, protocol: "rest", httpStatus: 200, durationMs: 51.23 };
    expect(formatRequestLogEntry(entry)).toBe(`GET ${PLAN} 200 rest 51.2ms`);
    expect(formatRequestLogEntry({ ...entry, aborted: true })).toBe(`GET ${PLAN} 200 rest 51.2ms aborted`);
    expect(formatRequestLogEntry({ ...entry, protocol: "grpc", grpcStatus: 0, aborted: true })).toBe(
      `GET ${PLAN} 200 grpc-status=0 grpc 51.2ms aborted`,
    );
  });
});
