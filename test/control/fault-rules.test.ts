/**
 * Fault rules (`/__mock/faults`): a matching call answers ZITADEL's error on every transport, waits,
 * or loses its connection, and never changes state.
 */
import http2 from "node:http2";
import { Code } from "@connectrpc/connect";
import { GetMyOrgRequestSchema, GetOrgMetadataRequestSchema } from "@zitadel/proto/zitadel/management_pb.js";
import { ClientError } from "nice-grpc";
import { describe, expect, it } from "vitest";
import { createMockServer } from "../../src/index.js";
import { envelope, messageEnvelope } from "../grpc-envelopes.js";
import { create, toBinary } from "@bufbuild/protobuf";
import {
  ORG,
  TOKEN,
  bearer,
  bytes,
  controlCall,
  expectGrpcError,
  expectGrpcWebError,
  grpcFailure,
  grpcWebClient,
  grpcWebFailure,
  mockPerFile,
  rest,
  zitadelNodeClient,
} from "../grpc/support.js";

const { mock, url } = await mockPerFile();
const control = (method: string, path: string, body?: unknown) => controlCall(url, method, path, body);
const asOwner = { token: TOKEN.acmeOwner };
const setTheme = (value = "dark") => rest(url, "POST", "/metadata/theme", { ...asOwner, body: { value: Buffer.from(value).toString("base64") } });
const themeIsUnset = async () => expect((await rest(url, "GET", "/metadata/theme", asOwner)).status).toBe(404);

/**
 * A raw native gRPC GetOrgMetadata call whose one message is framed with `flags`: a flag bit other
 * than "compressed" (0x80, 0x02) is one connect-node ignores, so the stream path hands the call to it.
 */
const rawGetOrgMetadata = async (flags: number) => {
  const session = http2.connect(url);
  const started = Date.now();
  const stream = session.request({
    ":method": "POST",
    ":path": "/zitadel.management.v1.ManagementService/GetOrgMetadata",
    "content-type": "application/grpc",
    authorization: `Bearer ${TOKEN.acmeOwner}`,
  });
  let grpcStatus: string | undefined;
  stream.on("response", (headers) => (grpcStatus ??= headers["grpc-status"] as string | undefined));
  stream.on("trailers", (trailers) => (grpcStatus ??= trailers["grpc-status"] as string | undefined));
  stream.on("error", () => undefined); // a reset, reported as an error on the client side
  stream.resume();
  stream.end(envelope(toBinary(GetOrgMetadataRequestSchema, create(GetOrgMetadataRequestSchema, { key: "plan" })), flags));
  const rstCode = await new Promise<number>((resolve) => stream.on("close", () => resolve(stream.rstCode ?? -1)));
  session.close();
  return { ms: Date.now() - started, rstCode, grpcStatus };
};

describe("POST /__mock/faults", () => {
  it("answers 201 with the rule and its id; GET lists it; DELETE /{id} removes it", async () => {
    const rule = { match: { rpc: "SetOrgMetadata", key: "theme*" }, error: { id: "QUERY-Rph32" }, times: 2 };
    const created = await control("POST", "/faults", rule);
    expect(created).toEqual({ status: 201, body: { id: expect.any(String), ...rule } });
    expect((await control("GET", "/faults")).body).toEqual({ faults: [created.body] });
    expect((await control("DELETE", `/faults/${String(created.body.id)}`)).status).toBe(200);
    expect((await control("GET", "/faults")).body).toEqual({ faults: [] });
    expect((await control("DELETE", `/faults/${String(created.body.id)}`)).status).toBe(404);
  });

  it.each([
    [{ match: { rpc: "SetOrgMetadata" } }, /at least one effect/],
    [{ error: { id: "NOPE-1" } }, /error\.id: "NOPE-1" is not in the mock's error catalogue; known ids: .*QUERY-Rph32/],
    [{ match: { rpc: "setOrgMetadata" }, drop: true }, /match\.rpc: "setOrgMetadata" is no RPC the mock serves/],
    [{ match: { transport: "http" }, drop: true }, /match\.transport: must be one of rest, grpc, grpc-web/],
    [{ drop: true, color: "red" }, /color: unknown field/],
    [{ delayMs: { min: 50, max: 10 } }, /delayMs: "min" \(50\) is greater than "max" \(10\)/],
    [{ probability: 2, drop: true }, /probability: must be <= 1/],
  ])("refuses %j with 400 and says why", async (rule, message) => {
    const res = await control("POST", "/faults", rule);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(3);
    expect(String(res.body.message)).toMatch(message);
    expect((await control("GET", "/faults")).body).toEqual({ faults: [] });
  });
});

describe("an error rule", () => {
  it("answers ZITADEL's REST error body and status, and does not change state", async () => {
    mock.control.clearFaults();
    await control("POST", "/faults", { match: { rpc: "SetOrgMetadata" }, error: { id: "AUTH-5mWD2" } });
    const res = await setTheme();
    expect(res).toEqual({
      status: 403,
      body: {
        code: 7,
        message: "No matching permissions found (AUTH-5mWD2)",
        details: [{ "@type": "type.googleapis.com/zitadel.v1.ErrorDetail", id: "AUTH-5mWD2", message: "No matching permissions found" }],
      },
    });
    await themeIsUnset();
    expect(mock.control.requests().at(-2)).toMatchObject({ rpc: "SetOrgMetadata", httpStatus: 403, grpcCode: 7, errorId: "AUTH-5mWD2" });
  });

  it("answers a custom code and message without ErrorDetail, as ZITADEL renders an error without id", async () => {
    await control("POST", "/faults", { error: { code: 14, message: "upstream unavailable" } });
    expect(await rest(url, "GET", "/orgs/me", asOwner)).toEqual({ status: 503, body: { code: 14, message: "upstream unavailable" } });
  });

  it("answers the gRPC status, message and ErrorDetail over gRPC (@zitadel/node)", async () => {
    await control("POST", "/faults", { match: { transport: "grpc", key: "theme" }, error: { id: "META-2ml0f" } });
    const client = zitadelNodeClient(url, TOKEN.acmeOwner);
    const failure = await grpcFailure((options) => client.setOrgMetadata({ key: "theme", value: bytes("dark") }, options));
    expectGrpcError(failure, { code: 3, message: "Metadata is invalid", id: "META-2ml0f" });
    await themeIsUnset();
    // Another transport or key is not matched.
    await client.setOrgMetadata({ key: "other", value: bytes("x") });
    expect((await setTheme()).status).toBe(200);
  });

  it("answers in the gRPC-web trailers (connect-web), with ErrorDetail", async () => {
    await control("POST", "/faults", { match: { rpc: "GetOrgMetadata", orgId: ORG.acme }, error: { id: "QUERY-Rph32" } });
    expect((await setTheme()).status).toBe(200);
    const error = await grpcWebFailure(grpcWebClient(url).getOrgMetadata({ key: "theme" }, bearer(TOKEN.acmeOwner)));
    expectGrpcWebError(error, { code: Code.NotFound, message: "Metadata not found", id: "QUERY-Rph32" });
    expect(mock.control.requests().at(-1)).toMatchObject({ transport: "grpc-web", rpc: "GetOrgMetadata", grpcCode: 5, errorId: "QUERY-Rph32" });
  });

  it("with times expires after that many hits", async () => {
    mock.control.addFault({ match: { rpc: "SetOrgMetadata" }, error: { id: "META-2ml0f" }, times: 2 });
    expect((await setTheme()).status).toBe(400);
    expect(mock.control.faultRules()).toMatchObject([{ times: 1 }]);
    expect((await setTheme()).status).toBe(400);
    expect(mock.control.faultRules()).toEqual([]);
    expect((await setTheme()).status).toBe(200);
  });

  it("with probability 0 never hits", async () => {
    mock.control.addFault({ error: { id: "META-2ml0f" }, probability: 0 });
    expect((await setTheme()).status).toBe(200);
  });

  it("applies only to authorized calls: an invalid token still gets ZITADEL's 401", async () => {
    mock.control.addFault({ error: { id: "META-2ml0f" } });
    expect((await rest(url, "GET", "/orgs/me", { token: "nope" })).status).toBe(401);
  });
});

describe("a delay rule", () => {
  it("holds the matching response only: another call answers meanwhile", async () => {
    mock.control.addFault({ match: { rpc: "GetMyOrg" }, delayMs: 400 });
    const started = Date.now();
    const slow = rest(url, "GET", "/orgs/me", asOwner).then((res) => ({ ...res, ms: Date.now() - started }));
    const fast = await setTheme();
    const fastMs = Date.now() - started;
    const held = await slow;
    expect(fast.status).toBe(200);
    expect(held.status).toBe(200);
    expect(held.ms).toBeGreaterThanOrEqual(390);
    expect(fastMs).toBeLessThan(held.ms);
    expect(mock.control.requests().at(-1)!.durationMs).toBeGreaterThanOrEqual(390);
  });

  it("holds a gRPC answer too, then the error", async () => {
    mock.control.addFault({ match: { transport: "grpc" }, delayMs: { min: 200, max: 250 }, error: { id: "QUERY-Rph32" } });
    const started = Date.now();
    const failure = await grpcFailure((options) => zitadelNodeClient(url, TOKEN.acmeOwner).getOrgMetadata({ key: "plan" }, options));
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(failure.code).toBe(5);
  });

  it.each([0x80, 0x02])("does not hold a gRPC call whose frame flags are %i: grpc-go refuses it before any interceptor (decision 037)", async (flags) => {
    mock.control.clearFaults();
    mock.control.addFault({ match: { rpc: "GetOrgMetadata" }, delayMs: 300, times: 1 });
    const refused = await rawGetOrgMetadata(flags);
    expect(refused).toMatchObject({ rstCode: http2.constants.NGHTTP2_NO_ERROR, grpcStatus: "13" });
    expect(refused.ms).toBeLessThan(290);
    expect(mock.control.requests().at(-1)).toMatchObject({ rpc: "GetOrgMetadata", httpStatus: 200, grpcCode: 13 });
    // The rule is still unused: the next call that reaches the interceptors is held.
    const held = await rawGetOrgMetadata(0);
    expect(held).toMatchObject({ grpcStatus: "0" });
    expect(held.ms).toBeGreaterThanOrEqual(290);
  });
});

describe("a drop rule", () => {
  it("destroys the HTTP/1.1 connection without an answer, and changes nothing", async () => {
    mock.control.addFault({ match: { rpc: "SetOrgMetadata" }, drop: true });
    await expect(setTheme()).rejects.toThrow();
    mock.control.clearFaults();
    await themeIsUnset();
    expect(mock.control.requests().find((r) => r.rpc === "SetOrgMetadata")).toMatchObject({ httpStatus: 0, grpcCode: null, response: null });
  });

  it("resets the HTTP/2 stream of a gRPC call; the connection serves the next call", async () => {
    mock.control.addFault({ match: { rpc: "SetOrgMetadata" }, drop: true, times: 1 });
    const client = zitadelNodeClient(url, TOKEN.acmeOwner);
    const error = await client.setOrgMetadata({ key: "theme", value: bytes("dark") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe(13); // grpc-js: "Received RST_STREAM with code 2"
    await themeIsUnset();
    expect((await client.getMyOrg({})).org?.id).toBe(ORG.acme);
  });

  it("resets the stream of a raw HTTP/2 request", async () => {
    mock.control.addFault({ drop: true });
    const session = http2.connect(url);
    const stream = session.request({ ":method": "POST", ":path": "/zitadel.management.v1.ManagementService/GetMyOrg", "content-type": "application/grpc", authorization: `Bearer ${TOKEN.acmeOwner}` });
    stream.on("error", () => undefined); // the reset, reported as an error on the client side
    stream.end(messageEnvelope(GetMyOrgRequestSchema));
    const code = await new Promise<number>((resolve) => stream.on("close", () => resolve(stream.rstCode ?? -1)));
    session.close();
    expect(code).toBe(http2.constants.NGHTTP2_INTERNAL_ERROR);
  });
});

describe("--faults: rules at start", () => {
  it("loads an array of rules; a bad one fails start-up with its index", async () => {
    const started = await createMockServer({ faults: [{ match: { rpc: "GetMyOrg" }, error: { id: "AUTH-Bs7Ds" } }] });
    expect(started.control.faultRules()).toEqual([{ id: "1", match: { rpc: "GetMyOrg" }, error: { id: "AUTH-Bs7Ds" } }]);
    await expect(createMockServer({ faults: [{ drop: true }, { drop: "yes" } as never] })).rejects.toThrow(/Invalid fault rules faults: \[1\]: drop: must be boolean/);
  }, 30_000);

  it("names a rules file that does not exist as a fixture file is named", async () => {
    await expect(createMockServer({ faults: "no-such-rules.json" })).rejects.toThrow("Cannot read fault rules no-such-rules.json: file not found");
  }, 30_000);
});

