/**
 * Native gRPC unary calls as a raw HTTP/2 client sees them (decision 024): well-formed calls answer
 * with headers, one message and `grpc-status: 0` in the trailers, compressed for clients that accept
 * it once the message is 1 KiB or more; malformed bodies get the status connect-node gives them.
 */
import http2 from "node:http2";
import { gunzipSync, gzipSync } from "node:zlib";
import { create, fromBinary, toBinary, toJson, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import {
  GetOrgMetadataRequestSchema,
  GetOrgMetadataResponseSchema,
  SetOrgMetadataRequestSchema,
} from "@zitadel/proto/zitadel/management_pb.js";
import { afterAll, describe, expect, it } from "vitest";
import { envelope as frame, readEnvelopes } from "../grpc-envelopes.js";
import { mockPerFile, rawGrpcCall } from "./support.js";

const { url, mock } = await mockPerFile();
const session = http2.connect(url);
afterAll(() => session.close());

const encode = <Desc extends DescMessage>(schema: Desc, init: MessageInitShape<Desc>) => toBinary(schema, create(schema, init));

const call = (rpc: string, body: Buffer, headers: Record<string, string> = {}) => rawGrpcCall(session, rpc, body, headers);

const getPlan = frame(encode(GetOrgMetadataRequestSchema, { key: "plan" }));

describe("a unary call", () => {
  it("answers the request's content type, one message and grpc-status 0 in the trailers", async () => {
    const answer = await call("GetOrgMetadata", getPlan, { "content-type": "application/grpc+proto" });
    expect(answer.headers["content-type"]).toBe("application/grpc+proto");
    const [message, ...more] = await readEnvelopes(answer.body);
    expect(more).toEqual([]);
    expect(fromBinary(GetOrgMetadataResponseSchema, message!.data).metadata?.key).toBe("plan");
    expect(answer.trailers["grpc-status"]).toBe("0");
  });

  it("compresses a message of 1 KiB or more with the first encoding the client accepts, as connect-node does", async () => {
    const value = new Uint8Array(3000).fill(65);
    await call("SetOrgMetadata", frame(encode(SetOrgMetadataRequestSchema, { key: "large", value })));
    const get = frame(encode(GetOrgMetadataRequestSchema, { key: "large" }));

    const gzip = await call("GetOrgMetadata", get, { "grpc-accept-encoding": "identity, gzip" });
    expect(gzip.headers["grpc-encoding"]).toBe("gzip");
    const [zipped] = await readEnvelopes(gzip.body);
    expect(zipped!.flags).toBe(1);
    expect(Buffer.from(fromBinary(GetOrgMetadataResponseSchema, gunzipSync(zipped!.data)).metadata!.value)).toEqual(Buffer.from(value));

    const plain = await call("GetOrgMetadata", get, { "grpc-accept-encoding": "identity" });
    expect(plain.headers["grpc-encoding"]).toBeUndefined();
    expect((await readEnvelopes(plain.body))[0]!.flags).toBe(0);
  });

  it("answers a ZITADEL error in the trailers, with its ErrorDetail", async () => {
    const answer = await call("GetOrgMetadata", frame(encode(GetOrgMetadataRequestSchema, { key: "missing" })));
    expect(answer.headers[":status"]).toBe(200);
    expect(answer.body.length).toBe(0);
    expect(answer.trailers).toMatchObject({ "grpc-status": "5", "grpc-message": "Metadata not found (QUERY-Rph32)" });
    expect(answer.trailers["grpc-status-details-bin"]).toEqual(expect.any(String));
  });
});

describe("a body that is not one uncompressed message", () => {
  it.each([
    ["no message", Buffer.alloc(0), "12", "protocol error: missing input message for unary method"],
    ["two messages", Buffer.concat([getPlan, getPlan]), "12", "protocol error: received extra input message for unary method"],
    ["a cut-off message", getPlan.subarray(0, 7), "3", "protocol error: incomplete envelope"],
    ["bytes that are no protobuf message", frame(new Uint8Array([0xff, 0xff, 0xff])), "13", "parse binary: premature EOF"],
  ])("gets connect-node's status for %s", async (_, body, status, message) => {
    const answer = await call("GetOrgMetadata", body);
    expect(answer.trailers).toMatchObject({ "grpc-status": status, "grpc-message": message });
  });
});

describe("a message whose flags byte grpc-go refuses (rpc_util.go checkRecvPayload)", () => {
  const plan = encode(GetOrgMetadataRequestSchema, { key: "plan" });
  it.each([
    ["flags 2", frame(plan, 2), {}, "grpc: received unexpected payload format 2"],
    ["flags 128 (gRPC-web's trailer bit)", frame(plan, 0x80), {}, "grpc: received unexpected payload format 128"],
    ["the compressed flag without grpc-encoding", frame(plan, 1), {}, "grpc: compressed flag set with identity or empty encoding"],
    ["the compressed flag with grpc-encoding identity", frame(plan, 1), { "grpc-encoding": "identity" }, "grpc: compressed flag set with identity or empty encoding"],
    // Calls with a deadline go to connect-node from the start: the same answer.
    ["flags 2 on a call with grpc-timeout", frame(plan, 2), { "grpc-timeout": "10S" }, "grpc: received unexpected payload format 2"],
  ])("answers %s with Internal in the trailers after the headers, and journals it", async (_, body, headers, message) => {
    const answer = await call("GetOrgMetadata", body, headers);
    expect(answer.headers[":status"]).toBe(200);
    expect(answer.headers["content-type"]).toBe("application/grpc");
    expect(answer.headers["grpc-status"]).toBeUndefined();
    expect(answer.body.length).toBe(0);
    expect(answer.trailers).toMatchObject({ "grpc-status": "13", "grpc-message": message });
    expect(answer.trailers["grpc-status-details-bin"]).toBeUndefined();
    const [entry] = mock.control.requests({ limit: 1 });
    expect(entry).toMatchObject({ transport: "grpc", rpc: "GetOrgMetadata", httpStatus: 200, grpcCode: 13, errorId: null, request: null, response: null });
  });

  it("still takes a compressed message with an encoding it has", async () => {
    const answer = await call("GetOrgMetadata", frame(gzipSync(plan), 1), { "grpc-encoding": "gzip" });
    expect(answer.trailers["grpc-status"]).toBe("0");
  });
});

describe("the journal entry of a call on the stream path (kept as the request's and response's bytes, decisions 040, 042)", () => {
  it("has the request and the response as protojson", async () => {
    const answer = await call("GetOrgMetadata", getPlan);
    const [message] = await readEnvelopes(answer.body);
    const [entry] = mock.control.requests({ limit: 1 });
    expect(entry).toMatchObject({ transport: "grpc", rpc: "GetOrgMetadata", httpStatus: 200, grpcCode: 0, request: { key: "plan" } });
    expect(entry!.response).toEqual(toJson(GetOrgMetadataResponseSchema, fromBinary(GetOrgMetadataResponseSchema, message!.data)));
  });

  it("has the request of a call that failed, and the error as its response", async () => {
    const answer = await call("GetOrgMetadata", frame(encode(GetOrgMetadataRequestSchema, { key: "missing" })));
    expect(answer.trailers["grpc-status"]).toBe("5");
    const [entry] = mock.control.requests({ limit: 1 });
    expect(entry).toMatchObject({ rpc: "GetOrgMetadata", grpcCode: 5, request: { key: "missing" }, response: { code: 5 } });
  });

  it("has a response over the journal's 16 KiB as its exact protobuf size", async () => {
    await call("SetOrgMetadata", frame(encode(SetOrgMetadataRequestSchema, { key: "huge", value: new Uint8Array(20_000).fill(66) })));
    const answer = await call("GetOrgMetadata", frame(encode(GetOrgMetadataRequestSchema, { key: "huge" })));
    const [message] = await readEnvelopes(answer.body);
    expect(message!.flags).toBe(0);
    const [entry] = mock.control.requests({ limit: 1 });
    expect(entry).toMatchObject({ rpc: "GetOrgMetadata", grpcCode: 0, response: { truncated: true, bytes: message!.data.length } });
  });
});
