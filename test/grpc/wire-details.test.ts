/**
 * The wire details of gRPC and gRPC-web that a client can see: grpc-go's content type, CORS only
 * where ZITADEL applies it (gRPC-web and REST, not native gRPC) and exactly as rs/cors answers, keys
 * PostgreSQL cannot store. GetMyOrg's details after a metadata write are the contract's
 * (contract-tests/cases/wire-details.contract.test.ts, over REST and gRPC).
 */
import http2 from "node:http2";
import { GetMyOrgRequestSchema } from "@zitadel/proto/zitadel/management_pb.js";
import { describe, expect, it } from "vitest";
import { messageEnvelope } from "../grpc-envelopes.js";
import {
  TOKEN,
  bearer,
  bytes,
  expectGrpcError,
  expectGrpcWebError,
  grpcFailure,
  grpcWebClient,
  grpcWebFailure,
  mockPerFile,
  zitadelNodeClient,
} from "./support.js";

const { url } = await mockPerFile();
const APP_ORIGIN = "https://console.example.com";
const GET_MY_ORG = "/zitadel.management.v1.ManagementService/GetMyOrg";

/** One raw native gRPC call over h2c: the response headers. */
const grpcCall = (contentType: string, extraHeaders: Record<string, string> = {}) =>
  new Promise<http2.IncomingHttpHeaders>((resolve, reject) => {
    const client = http2.connect(url);
    const req = client.request({
      ":method": "POST",
      ":path": GET_MY_ORG,
      "content-type": contentType,
      te: "trailers",
      authorization: `Bearer ${TOKEN.acmeOwner}`,
      ...extraHeaders,
    });
    req.on("response", (headers) => {
      req.resume();
      req.on("end", () => {
        client.close();
        resolve(headers);
      });
    });
    req.on("error", reject);
    req.end(messageEnvelope(GetMyOrgRequestSchema));
  });

describe("native gRPC", () => {
  it("answers application/grpc with application/grpc, as grpc-go echoes the request's subtype", async () => {
    expect((await grpcCall("application/grpc"))["content-type"]).toBe("application/grpc");
    expect((await grpcCall("application/grpc+proto"))["content-type"]).toBe("application/grpc+proto");
  });

  it("carries no CORS headers, even when the request names an origin", async () => {
    const headers = await grpcCall("application/grpc", { origin: APP_ORIGIN });
    expect(Object.keys(headers).filter((name) => name.startsWith("access-control-") || name === "vary")).toEqual([]);
  });
});

describe("CORS as ZITADEL configures rs/cors (REST and gRPC-web)", () => {
  const preflight = (path: string, method: string, requestHeaders?: string) =>
    fetch(`${url}${path}`, {
      method: "OPTIONS",
      headers: {
        origin: APP_ORIGIN,
        "access-control-request-method": method,
        ...(requestHeaders === undefined ? {} : { "access-control-request-headers": requestHeaders }),
      },
    });

  it("echoes the requested method and headers, with credentials and without Max-Age", async () => {
    const res = await preflight("/management/v1/metadata/plan", "DELETE", "authorization,content-type,x-zitadel-orgid");
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(res.headers.get("access-control-allow-methods")).toBe("DELETE");
    expect(res.headers.get("access-control-allow-headers")).toBe("authorization,content-type,x-zitadel-orgid");
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("access-control-max-age")).toBeNull();
  });

  it("fails a preflight asking for a header outside ZITADEL's list (traceparent): 204 without Allow-Origin", async () => {
    const res = await preflight("/management/v1/metadata/plan", "GET", "authorization,traceparent");
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-allow-headers")).toBeNull();
  });

  it("exposes ZITADEL's headers on a gRPC-web answer to another origin", async () => {
    const res = await fetch(`${url}${GET_MY_ORG}`, {
      method: "POST",
      headers: { origin: APP_ORIGIN, "content-type": "application/grpc-web+proto", "x-grpc-web": "1", authorization: `Bearer ${TOKEN.acmeOwner}` },
      body: messageEnvelope(GetMyOrgRequestSchema),
    });
    await res.arrayBuffer();
    expect(res.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(res.headers.get("access-control-expose-headers")).toBe("Location, Content-Length, Grpc-Status, Grpc-Message, Grpc-Status-Details-Bin");
  });

  it("adds no CORS headers to a request without Origin (only Vary: Origin)", async () => {
    const res = await fetch(`${url}/management/v1/metadata/plan`, { headers: { authorization: `Bearer ${TOKEN.acmeOwner}` } });
    await res.arrayBuffer();
    expect([...res.headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
    expect(res.headers.get("vary")).toBe("Origin");
  });
});

describe("a NUL in a key, the same on every transport", () => {
  const PUSH_FAILED = "ERROR: unsupported Unicode escape sequence (SQLSTATE 22P05)";

  it("fails SetOrgMetadata over gRPC with code 2 and the driver's message", async () => {
    const client = zitadelNodeClient(url, TOKEN.acmeOwner);
    const failure = await grpcFailure((options) => client.setOrgMetadata({ key: "a\u0000b", value: bytes("x") }, options));
    expectGrpcError(failure, { code: 2, message: PUSH_FAILED, id: "" });
  });

  it("fails GetOrgMetadata over gRPC-web with code 13 (QUERY-Hajt2) instead of reading a key", async () => {
    const failure = await grpcWebFailure(grpcWebClient(url).getOrgMetadata({ key: "\u0000" }, bearer(TOKEN.acmeOwner)));
    expectGrpcWebError(failure, { code: 13, message: "An internal error occurred", id: "QUERY-Hajt2" });
  });
});

