/**
 * A gRPC call over HTTP/2 that never finishes its request: its message prefix declares `declaredBytes`,
 * the client sends `sentBytes` of them and never ends the body. For tests of what the mock does with
 * a body that stalls (read limits, the body budget). The prefix is written by hand on purpose: its
 * declared length is not the length sent.
 */
import type http2 from "node:http2";
import { TOKEN } from "./default-fixture.js";

export interface UnfinishedCall {
  /** The path of the RPC, e.g. `/zitadel.management.v1.ManagementService/GetOrgMetadata`. */
  path: string;
  declaredBytes: number;
  sentBytes: number;
  /** More request headers (e.g. `grpc-encoding`); the call is ACME's owner's by default. */
  headers?: http2.OutgoingHttpHeaders;
}

/** The stream of the call, already read from (so the answer does not stall) and with its errors handled. */
export const startUnfinishedGrpcCall = (session: http2.ClientHttp2Session, call: UnfinishedCall): http2.ClientHttp2Stream => {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(call.declaredBytes, 1);
  const stream = session.request({
    ":method": "POST",
    ":path": call.path,
    "content-type": "application/grpc",
    te: "trailers",
    authorization: `Bearer ${TOKEN.acmeOwner}`,
    ...call.headers,
  });
  stream.on("error", () => {});
  stream.resume();
  stream.write(Buffer.concat([prefix, Buffer.alloc(call.sentBytes)]));
  return stream;
};
