// Wire details of ZITADEL's HTTP stack that a client can see (reference section 11): how the
// gateway decodes bodies, routing before the gateway, the headers on every REST answer, CORS as
// rs/cors answers it, the headers of native gRPC answers (grpc-go's ServeHTTP and the no-cache
// interceptor, decision 045), and details that follow ZITADEL's read models.
// Header checks read the response headers with fetch directly (the kit's raw results carry only the
// Content-Type); those requests are all reads. Writes go through the kit, inside this file's keys.
import http2 from "node:http2";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { onlyOver, useContract } from "../kit/contract.js";
import { Code, expectError, expectGatewayError, expectOk, UndecodableRequest } from "../kit/expectations.js";
import { b64 } from "../kit/values.js";

const contract = useContract("wire");
const path = (key: string) => `/metadata/${encodeURIComponent(key)}`;
const REST_PREFIX = "/management/v1";
const APP_ORIGIN = "https://app.example.com";

/** A read-only request under /management/v1, its redirects not followed. */
const fetchRest = (method: string, restPath: string, headers: Record<string, string> = {}, auth = true) =>
  fetch(`${contract.target.baseUrl}${REST_PREFIX}${restPath}`, {
    method,
    redirect: "manual",
    headers: {
      ...(auth ? { authorization: `Bearer ${contract.target.token}`, "x-zitadel-orgid": contract.target.orgId } : {}),
      ...headers,
    },
  });

describe("over REST", () => {
  beforeEach(async (t) => {
    await onlyOver(t, "rest");
  });

  describe("body decoding", () => {
    it("refuses a field given twice with 400 InvalidArgument, and stores nothing", async () => {
      const key = contract.keys.key("twice");
      const body = `{"value":"${b64("a")}","value":"${b64("b")}"}`;
      const result = await contract.client.raw({ method: "POST", path: path(key), body, operation: "setOrgMetadata", writes: [key] });

      expectError(result, UndecodableRequest);
      expect((await contract.client.getOrgMetadata({ key })).ok).toBe(false);
    });

    it("refuses a field given under its JSON and its proto name", async () => {
      const body = '{"queries":[{"keyQuery":{"key":"a"},"key_query":{"key":"a"}}]}';
      expectError(await contract.client.raw({ method: "POST", path: "/metadata/_search", body, operation: "listOrgMetadata" }), UndecodableRequest);
    });

    it("drops an unknown enum name like an unknown field: the method stays EQUALS", async () => {
      const key = contract.keys.key("enum");
      expectOk(await contract.client.setOrgMetadata({ key, value: b64("x") }));
      const search = (queryKey: string) =>
        contract.client.raw({
          method: "POST",
          path: "/metadata/_search",
          body: { queries: [{ keyQuery: { key: queryKey, method: "TEXT_QUERY_METHOD_NO_SUCH_METHOD" } }] },
          operation: "listOrgMetadata",
        });

      expect((expectOk(await search(key)) as { result?: Array<{ key: string }> }).result?.map((m) => m.key)).toEqual([key]);
      expect((expectOk(await search(key.slice(0, -1))) as { result?: unknown[] }).result).toBeUndefined();
    });

    it("reads only the first JSON value of a body", async () => {
      const key = contract.keys.key("first");
      const body = `{"value":"${b64("one")}"} {"value":"${b64("two")}"} trailing`;
      expectOk(await contract.client.raw({ method: "POST", path: path(key), body, operation: "setOrgMetadata", writes: [key] }));

      expect(expectOk(await contract.client.getOrgMetadata({ key })).metadata.value).toBe(b64("one"));
    });

    it("reads a whitespace-only body as the empty request, and refuses a top-level null", async () => {
      expectOk(await contract.client.raw({ method: "POST", path: "/metadata/_search", body: " \n ", operation: "listOrgMetadata" }));
      expectError(await contract.client.raw({ method: "POST", path: "/metadata/_search", body: "null", operation: "listOrgMetadata" }), UndecodableRequest);
    });

    it("takes base64 with line breaks and integers such as 1e0, as protojson does", async () => {
      const key = contract.keys.key("wrapped");
      const wrapped = `${b64("hello world!").slice(0, 8)}\n${b64("hello world!").slice(8)}`;
      expectOk(await contract.client.raw({ method: "POST", path: path(key), body: { value: wrapped }, operation: "setOrgMetadata", writes: [key] }));
      expect(expectOk(await contract.client.getOrgMetadata({ key })).metadata.value).toBe(b64("hello world!"));

      const body = { query: { limit: 1e0, offset: "0e0" }, queries: [{ keyQuery: { key } }] };
      const listed = expectOk(await contract.client.raw({ method: "POST", path: "/metadata/_search", body: JSON.stringify(body).replace('"limit":1', '"limit":1e0'), operation: "listOrgMetadata" }));
      expect((listed as { result?: Array<{ key: string }> }).result?.map((m) => m.key)).toEqual([key]);
    });

    it("decodes before it authenticates: a duplicate field is 400 even without a token", async () => {
      const res = await fetch(`${contract.target.baseUrl}${REST_PREFIX}/metadata/_search`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"query":{},"query":{}}',
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: number }).code).toBe(Code.InvalidArgument);
    });
  });

  describe("routing before the gateway", () => {
    // fetch resolves /./ and /../ itself (WHATWG URL parsing), so only // reaches the server from here.
    it("answers a path with // with 301 to the cleaned path", async () => {
      for (const unclean of ["//metadata/_search", "/metadata//_search"]) {
        const res = await fetchRest("GET", unclean);
        expect(res.status, unclean).toBe(301);
        expect(new URL(res.headers.get("location") ?? "", contract.target.baseUrl).pathname).toBe(`${REST_PREFIX}/metadata/_search`);
      }
    });

    it("reads %2F in a key as a segment separator: 404 Not Found", async () => {
      const key = contract.keys.key("slash");
      expectGatewayError(await contract.client.raw({ method: "GET", path: `${path(key)}%2Fb`, operation: null }), 404, { code: Code.NotFound, message: "Not Found" });
      const removed = await contract.client.raw({ method: "DELETE", path: `${path(key)}%2Fb`, operation: null, writes: [`${key}/b`] });
      expectGatewayError(removed, 404, { code: Code.NotFound, message: "Not Found" });
    });

    it("answers a plain OPTIONS (no preflight) and HEAD with 405", async () => {
      const options = await fetchRest("OPTIONS", "/metadata/_search");
      expect(options.status).toBe(405);
      expect(await options.json()).toEqual({ code: Code.Unimplemented, message: "Method Not Allowed" });
      expect((await fetchRest("HEAD", "/orgs/me")).status).toBe(405);
    });
  });

  describe("headers", () => {
    it("sends Cache-Control: no-store, Pragma: no-cache and X-Robots-Tag: none on success and error", async () => {
      for (const res of [await fetchRest("GET", "/orgs/me"), await fetchRest("GET", path(contract.keys.key("missing")))]) {
        expect(res.headers.get("cache-control")).toBe("no-store");
        expect(res.headers.get("pragma")).toBe("no-cache");
        expect(res.headers.get("x-robots-tag")).toBe("none");
        await res.arrayBuffer();
      }
    });

    it("brings back the no-cache interceptor's metadata as Expires, Grpcgateway-Cache-Control and Grpcgateway-Pragma", async () => {
      for (const res of [await fetchRest("GET", "/orgs/me"), await fetchRest("GET", path(contract.keys.key("missing")))]) {
        expect(Number.isNaN(Date.parse(res.headers.get("expires") ?? ""))).toBe(false);
        expect(res.headers.get("grpcgateway-cache-control")).toBe("no-store");
        expect(res.headers.get("grpcgateway-pragma")).toBe("no-cache");
        await res.arrayBuffer();
      }
    });

    it("sets WWW-Authenticate to the status message on a 401", async () => {
      const res = await fetchRest("GET", "/orgs/me", {}, false);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe(((await res.json()) as { message: string }).message);
    });

    it("takes the token from a Grpc-Metadata-Authorization header", async () => {
      const res = await fetchRest("GET", "/orgs/me", { "grpc-metadata-authorization": `Bearer ${contract.target.token}` }, false);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    });
  });

  describe("CORS (rs/cors with ZITADEL's options)", () => {
    const preflight = (requestHeaders: string) =>
      fetchRest("OPTIONS", "/metadata/_search", {
        origin: APP_ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": requestHeaders,
      }, false);

    it("echoes origin, method and headers of an allowed preflight, with credentials and no Max-Age", async () => {
      const res = await preflight("authorization,content-type,x-zitadel-orgid");
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
      expect(res.headers.get("access-control-allow-methods")).toBe("POST");
      expect(res.headers.get("access-control-allow-headers")).toBe("authorization,content-type,x-zitadel-orgid");
      expect(res.headers.get("access-control-allow-credentials")).toBe("true");
      expect(res.headers.get("access-control-max-age")).toBeNull();
    });

    it("does not allow a header outside ZITADEL's list, such as traceparent", async () => {
      const res = await preflight("authorization,traceparent");
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    });

    it("exposes ZITADEL's headers to another origin, and adds none without an Origin", async () => {
      const cross = await fetchRest("GET", "/orgs/me", { origin: APP_ORIGIN });
      expect(cross.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
      expect(cross.headers.get("access-control-expose-headers")).toBe("Location, Content-Length, Grpc-Status, Grpc-Message, Grpc-Status-Details-Bin");
      await cross.arrayBuffer();
      const plain = await fetchRest("GET", "/orgs/me");
      expect([...plain.headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
      await plain.arrayBuffer();
    });
  });
});

describe("over native gRPC", () => {
  beforeEach(async (t) => {
    await onlyOver(t, "grpc");
  });

  let session: http2.ClientHttp2Session | undefined;
  afterAll(() => session?.close());

  /** The response headers and trailers of one unary call with an empty request message, read raw. */
  const rawCall = (method: string) =>
    new Promise<{ headers: http2.IncomingHttpHeaders; trailers: http2.IncomingHttpHeaders }>((resolve, reject) => {
      // A refused connection or TLS failure fails the case, not the worker.
      session ??= http2.connect(contract.target.baseUrl).on("error", reject);
      const stream = session.request({
        ":method": "POST",
        ":path": `/zitadel.management.v1.ManagementService/${method}`,
        "content-type": "application/grpc",
        te: "trailers",
        authorization: `Bearer ${contract.target.token}`,
        "x-zitadel-orgid": contract.target.orgId,
      });
      let headers: http2.IncomingHttpHeaders = {};
      stream.on("response", (received) => (headers = received));
      stream.on("trailers", (trailers) => resolve({ headers, trailers }));
      stream.on("end", () => reject(new Error(`${method}: the stream ended without trailers`)));
      stream.on("error", reject);
      stream.resume();
      stream.end(Buffer.alloc(5)); // one empty message: flags 0, length 0
    });

  it("answers with the no-cache interceptor's header metadata and grpc-go's trailer declaration", async () => {
    const { headers, trailers } = await rawCall("GetMyOrg");
    expect(trailers["grpc-status"]).toBe("0");
    expect(headers).toMatchObject({
      "cache-control": "no-store",
      pragma: "no-cache",
      "grpc-metadata-cache-control": "no-store",
      "grpc-metadata-pragma": "no-cache",
      trailer: "Grpc-Status, Grpc-Message, Grpc-Status-Details-Bin",
      "x-robots-tag": "none",
    });
    expect(Number.isNaN(Date.parse(headers.expires ?? ""))).toBe(false);
    expect(headers["grpc-metadata-expires"]).toBe(headers.expires);
  });

  it("sends headers, then UNIMPLEMENTED in the trailers, for a method the service does not have", async () => {
    const { headers, trailers } = await rawCall("NoSuchMethod");
    expect(headers["grpc-status"]).toBeUndefined();
    expect(headers["cache-control"]).toBeUndefined(); // no interceptor ran
    expect(trailers["grpc-status"]).toBe(String(Code.Unimplemented));
  });
});

describe("details that follow ZITADEL's read models", () => {
  it("GetMyOrg's sequence and changeDate move with a metadata write", async () => {
    const key = contract.keys.key("my-org");
    const { details } = expectOk(await contract.client.setOrgMetadata({ key, value: b64("x") }));
    const { org } = expectOk(await contract.client.getMyOrg());

    expect(org.details.sequence).toBe(details.sequence);
    expect(org.details.changeDate).toBe(details.creationDate);
  });

  it("ListOrgMetadata's viewTimestamp is not older than the last write", async () => {
    const key = contract.keys.key("view");
    const { details } = expectOk(await contract.client.setOrgMetadata({ key, value: b64("x") }));
    const list = expectOk(await contract.client.listOrgMetadata({ queries: [{ keyQuery: { key } }] }));

    expect(Date.parse(list.details.viewTimestamp ?? "")).toBeGreaterThanOrEqual(Date.parse(details.creationDate ?? ""));
  });
});
