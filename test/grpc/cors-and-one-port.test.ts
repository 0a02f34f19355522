/**
 * What a browser app on another origin needs (CORS preflights for gRPC-web and REST, readable gRPC
 * status headers), and ZITADEL's one-port layout: REST over HTTP/1.1 and over h2c, gRPC over h2c and
 * gRPC-web, all on the port `mock.start()` returns.
 */
import http from "node:http";
import http2 from "node:http2";
import { GetOrgMetadataRequestSchema } from "@zitadel/proto/zitadel/management_pb.js";
import { Status } from "nice-grpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messageEnvelope, readGrpcWebTrailer } from "../grpc-envelopes.js";
import {
  ERROR_DETAIL_TYPE,
  ORG,
  TOKEN,
  bearer,
  bytes,
  decodeRpcStatus,
  errorDetailsOf,
  grpcWebClient,
  rest,
  startMock,
  zitadelNodeClient,
  mockPerFile,
} from "./support.js";

const { mock, url } = await mockPerFile();

const APP_ORIGIN = "https://console.example.com";
const GRPC_WEB_PATH = "/zitadel.management.v1.ManagementService";

/** Header names of a comma-separated CORS list, lower-cased. */
const listed = (value: string | null): string[] => (value ?? "").split(",").map((name) => name.trim().toLowerCase());

/** A preflight as a browser sends it: the requested header names lower-cased, sorted, comma-separated. */
const preflight = (path: string, method: string, requestHeaders: string[]) =>
  fetch(`${url}${path}`, {
    method: "OPTIONS",
    headers: {
      origin: APP_ORIGIN,
      "access-control-request-method": method,
      "access-control-request-headers": requestHeaders.map((name) => name.toLowerCase()).sort().join(","),
    },
  });

/**
 * The gRPC status of a gRPC-web response, as a browser script reads it: from the response headers
 * (trailers-only response) or from the trailer frame (flag 0x80) at the end of the body.
 */
const grpcWebStatus = async (headers: Headers, body: Buffer): Promise<Record<string, string>> => {
  const trailer = await readGrpcWebTrailer(body);
  const status: Record<string, string> = {};
  for (const name of ["grpc-status", "grpc-message", "grpc-status-details-bin"]) {
    const value = trailer?.get(name) ?? headers.get(name);
    if (value !== null) status[name] = value;
  }
  return status;
};

describe("CORS for a browser app on another origin", () => {
  const GRPC_WEB_HEADERS = ["authorization", "x-zitadel-orgid", "content-type", "x-grpc-web", "x-user-agent", "accept-language"];

  it("answers a gRPC-web preflight: the origin, POST and every header a ZITADEL web client sends are allowed", async () => {
    const res = await preflight(`${GRPC_WEB_PATH}/SetOrgMetadata`, "POST", GRPC_WEB_HEADERS);

    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(listed(res.headers.get("access-control-allow-methods"))).toContain("post");
    expect(listed(res.headers.get("access-control-allow-headers"))).toEqual(expect.arrayContaining(GRPC_WEB_HEADERS));
  });

  it.each([
    ["GET", "/management/v1/metadata/plan"],
    ["POST", "/management/v1/metadata/_search"],
    ["DELETE", "/management/v1/metadata/_bulk"],
  ])("answers a REST preflight for %s %s", async (method, path) => {
    const res = await preflight(path, method, ["authorization", "x-zitadel-orgid", "content-type", "accept-language"]);

    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(listed(res.headers.get("access-control-allow-methods"))).toContain(method.toLowerCase());
    expect(listed(res.headers.get("access-control-allow-headers"))).toEqual(
      expect.arrayContaining(["authorization", "x-zitadel-orgid", "content-type", "accept-language"]),
    );
  });

  it("lets a script on another origin read grpc-status, grpc-message and the status details of a gRPC-web error", async () => {
    const frame = messageEnvelope(GetOrgMetadataRequestSchema, { key: "no-such-key" });

    const res = await fetch(`${url}${GRPC_WEB_PATH}/GetOrgMetadata`, {
      method: "POST",
      headers: {
        origin: APP_ORIGIN,
        "content-type": "application/grpc-web+proto",
        "x-grpc-web": "1",
        authorization: `Bearer ${TOKEN.acmeOwner}`,
      },
      body: frame,
    });

    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(listed(res.headers.get("access-control-expose-headers"))).toEqual(
      expect.arrayContaining(["grpc-status", "grpc-message", "grpc-status-details-bin"]),
    );
    const status = await grpcWebStatus(res.headers, Buffer.from(await res.arrayBuffer()));
    expect(status["grpc-status"]).toBe(String(Status.NOT_FOUND));
    expect(decodeURIComponent(status["grpc-message"] ?? "")).toBe("Metadata not found (QUERY-Rph32)");
    const rpcStatus = decodeRpcStatus(Buffer.from(status["grpc-status-details-bin"] ?? "", "base64"));
    expect(rpcStatus.details.map((d) => d.typeUrl)).toEqual([ERROR_DETAIL_TYPE]);
    expect(errorDetailsOf(rpcStatus)).toEqual([{ id: "QUERY-Rph32", message: "Metadata not found" }]);
  });

  it("allows the origin on a cross-origin REST response", async () => {
    const res = await fetch(`${url}/management/v1/orgs/me`, {
      headers: { origin: APP_ORIGIN, authorization: `Bearer ${TOKEN.acmeOwner}` },
    });

    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
  });
});

/** One request over a cleartext HTTP/2 connection with prior knowledge (no upgrade). */
const h2cRequest = (
  session: http2.ClientHttp2Session,
  headers: http2.OutgoingHttpHeaders,
  body?: unknown,
): Promise<{ status: number; contentType: string | undefined; body: Record<string, unknown> }> =>
  new Promise((resolve, reject) => {
    const req = session.request({
      ...headers,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    });
    let status = 0;
    let contentType: string | undefined;
    const chunks: Buffer[] = [];
    req.on("response", (response) => {
      status = Number(response[":status"]);
      contentType = response["content-type"];
    });
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve({ status, contentType, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown> }));
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });

describe("one port for every protocol", () => {
  it("serves REST over HTTP/1.1, gRPC over h2c and gRPC-web on the port start() returned, on one state", async () => {
    const { port } = new URL(url);
    const grpc = zitadelNodeClient(`127.0.0.1:${port}`, TOKEN.acmeOwner);
    const web = grpcWebClient(`http://127.0.0.1:${port}`);

    const overRest = await rest(url, "POST", "/metadata/one-port", { token: TOKEN.acmeOwner, body: { value: bytes("1").toString("base64") } });
    const overGrpc = await grpc.getOrgMetadata({ key: "one-port" });
    const overWeb = await web.getOrgMetadata({ key: "one-port" }, bearer(TOKEN.acmeOwner));

    expect(overRest.status).toBe(200);
    expect(overGrpc.metadata!.value.toString("utf8")).toBe("1");
    expect(Buffer.from(overWeb.metadata!.value).toString("utf8")).toBe("1");
  });

  /* REST over h2c: ZITADEL serves it on the same port (h2c.NewHandler). */
  describe("REST over h2c (HTTP/2 with prior knowledge, node:http2)", () => {
    let session: http2.ClientHttp2Session;

    beforeAll(() => {
      session = http2.connect(url);
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => session.close(() => resolve()));
    });

    it("GET /management/v1/orgs/me", async () => {
      const res = await h2cRequest(session, { ":method": "GET", ":path": "/management/v1/orgs/me", authorization: `Bearer ${TOKEN.acmeOwner}` });

      expect(res.status).toBe(200);
      expect(res.contentType).toMatch(/^application\/json/);
      expect(res.body.org).toMatchObject({ id: ORG.acme, name: "ACME", state: "ORG_STATE_ACTIVE" });
    });

    it("writes, reads back and renders errors as over HTTP/1.1", async () => {
      const headers = { authorization: `Bearer ${TOKEN.acmeOwner}` };

      const set = await h2cRequest(session, { ":method": "POST", ":path": "/management/v1/metadata/h2c", ...headers }, { value: bytes("yes").toString("base64") });
      const read = await h2cRequest(session, { ":method": "GET", ":path": "/management/v1/metadata/h2c", ...headers });
      const missing = await h2cRequest(session, { ":method": "GET", ":path": "/management/v1/metadata/no-such-key", ...headers });

      expect(set.status).toBe(200);
      expect(set.body.details).toMatchObject({ resourceOwner: ORG.acme });
      expect((read.body.metadata as { value: string }).value).toBe(bytes("yes").toString("base64"));
      expect(missing.status).toBe(404);
      expect(missing.contentType).toMatch(/^application\/json/);
      expect(missing.body).toStrictEqual({
        code: 5,
        message: "Metadata not found (QUERY-Rph32)",
        details: [{ "@type": ERROR_DETAIL_TYPE, id: "QUERY-Rph32", message: "Metadata not found" }],
      });
    });

    it("shares state with gRPC", async () => {
      await h2cRequest(
        session,
        { ":method": "POST", ":path": "/management/v1/metadata/_bulk", authorization: `Bearer ${TOKEN.acmeOwner}` },
        { metadata: [{ key: "via-h2c", value: bytes("2").toString("base64") }] },
      );

      const { metadata } = await zitadelNodeClient(url, TOKEN.acmeOwner).getOrgMetadata({ key: "via-h2c" });
      expect(metadata!.value.toString("utf8")).toBe("2");
    });

    it("leaves REST over HTTP/1.1 working afterwards", async () => {
      expect((mock.app as unknown as { request: unknown }).request).toBeInstanceOf(http.IncomingMessage);
      const res = await fetch(`${url}/management/v1/metadata/plan`, { headers: { authorization: `Bearer ${TOKEN.acmeOwner}` } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { metadata: { key: string } }).metadata.key).toBe("plan");
    });
  });
});

describe("gRPC-web text mode", () => {
  it("answers a gRPC-web status that says to send binary gRPC-web, not a bare 415", async () => {
    const { mock, url } = await startMock();
    try {
      const res = await fetch(`${url}/zitadel.management.v1.ManagementService/GetMyOrg`, {
        method: "POST",
        headers: { "content-type": "application/grpc-web-text", "x-grpc-web": "1", authorization: `Bearer ${TOKEN.acmeOwner}` },
        body: "AAAAAAA=",
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("grpc-status")).toBe("12");
      expect(decodeURIComponent(res.headers.get("grpc-message") ?? "")).toContain("application/grpc-web+proto");
    } finally {
      await mock.stop();
    }
  });
});
