import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createConnectRouter } from "@connectrpc/connect";
import { type UniversalServerRequest, createAsyncIterable, readAllBytes } from "@connectrpc/connect/protocol";
import * as user from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { describe, expect, it } from "vitest";
import { implementationReached, refusingUnparsableMessages } from "./unparsable-messages.js";

/**
 * The wrapper around connect-node's v2 handlers, on connect-node's own universal handler: a message
 * that parses is connect-node's alone (decoded once, by it); one that does not is refused as
 * connect-go refuses it, whatever connect-node would have answered.
 */

const UNMARSHAL = "unmarshal into *user.SetUserMetadataRequest: proto: cannot parse invalid wire-format data";
const GARBAGE = new Uint8Array([0x0a, 0x05, 0x61]);
const VALID = toBinary(user.SetUserMetadataRequestSchema, create(user.SetUserMetadataRequestSchema, { userId: "u1" }));

const router = createConnectRouter({ connect: true, grpc: true, grpcWeb: true });
router.service(
  user.UserService,
  {
    setUserMetadata: ({ userId }) => {
      if (userId === "u1") throw new ConnectError("denied by the implementation", Code.PermissionDenied);
      return create(user.SetUserMetadataResponseSchema);
    },
  },
  { interceptors: [implementationReached] },
);
const handler = refusingUnparsableMessages(router.handlers.find((h) => h.requestPath.endsWith("/SetUserMetadata"))!);

const connectCall = async (body: Uint8Array, headers: Record<string, string> = {}) => {
  const request: UniversalServerRequest = {
    httpVersion: "1.1",
    method: "POST",
    url: `http://localhost/${user.UserService.typeName}/SetUserMetadata`,
    header: new Headers({ "content-type": "application/proto", ...headers }),
    body: createAsyncIterable([body.subarray(0, 1), body.subarray(1)]),
    signal: new AbortController().signal,
  };
  const response = await handler(request);
  const bytes = await readAllBytes(response.body as AsyncIterable<Uint8Array>, 1 << 20);
  return { status: response.status, body: JSON.parse(new TextDecoder().decode(bytes)) as unknown };
};

describe("refusingUnparsableMessages", () => {
  it("refuses a binary message that does not parse with invalid_argument, in connect-go's words", async () => {
    expect(await connectCall(GARBAGE)).toEqual({ status: 400, body: { code: "invalid_argument", message: UNMARSHAL } });
  });

  it("leaves connect-node's answer alone once the message parsed, the implementation's errors included", async () => {
    expect(await connectCall(VALID)).toEqual({ status: 403, body: { code: "permission_denied", message: "denied by the implementation" } });
  });

  it("reads what connect-node left unread before judging the message: a bad timeout header fails before the body is read", async () => {
    expect(await connectCall(GARBAGE, { "connect-timeout-ms": "-1" })).toEqual({ status: 400, body: { code: "invalid_argument", message: UNMARSHAL } });
    const parsable = await connectCall(VALID, { "connect-timeout-ms": "-1" });
    expect(parsable.status).toBe(400);
    expect(parsable.body).not.toEqual({ code: "invalid_argument", message: UNMARSHAL });
  });
});
