import type http from "node:http";
import { MAX_MESSAGE_BYTES } from "../api/message-limits.js";
import { type ErrorDefinition, Errors, ErrorTexts, ZitadelError } from "../core/errors.js";
import { headerOf, type NodeRequest, type NodeResponse } from "../server/node-http.js";
import { grpcGoErrorTrailers } from "./grpc-errors.js";

/**
 * grpc-go's check of a request message's flags byte (rpc_util.go `checkRecvPayload`, decision 037):
 * 0 is a plain message; 1 a compressed one, which needs a `grpc-encoding` other than identity (an
 * encoding grpc-go cannot decompress is connect-node's to answer, as before); anything else is
 * refused. Both refusals are Internal, from grpc-go itself, before ZITADEL's interceptors run.
 */
const payloadFormatError = (flags: number, encoding: string | undefined): ErrorDefinition | undefined => {
  if (flags === 0) return undefined;
  if (flags === 1) return encoding === undefined || encoding === "" || encoding === "identity" ? Errors.compressedFlagWithoutEncoding : undefined;
  return ErrorTexts.unexpectedPayloadFormat(flags);
};

/**
 * Refuses a native gRPC request whose first message has a flags byte grpc-go refuses, as grpc-go
 * (served through `http.Handler`, as ZITADEL serves it) answers: the response headers, then the
 * status in the trailers. grpc-go checks the size first: a message declared over its 4 MiB limit is
 * left to `next` (connect-node and the pipeline answer ResourceExhausted), as is a body that ends
 * before 5 bytes. Otherwise the bytes read are put back and the request goes to `next` unchanged.
 */
export const checkPayloadFormat = (req: NodeRequest, res: NodeResponse, next: (req: NodeRequest, res: NodeResponse) => void): void => {
  const decide = (head: Buffer | null): void => {
    req.off("readable", onReadable);
    req.off("end", onEnd);
    const refused =
      head !== null && head.length >= 5 && head.readUInt32BE(1) <= MAX_MESSAGE_BYTES ? payloadFormatError(head[0]!, headerOf(req, "grpc-encoding")) : undefined;
    if (refused === undefined) {
      // Put back before the end is emitted: the reader after this one gets the body whole.
      if (head !== null) req.unshift(head);
      return next(req, res);
    }
    req.resume();
    const trailers = grpcGoErrorTrailers(new ZitadelError(refused));
    (res as http.ServerResponse).writeHead(200, { "content-type": headerOf(req, "content-type") ?? "application/grpc" });
    res.addTrailers(trailers);
    res.end();
  };
  // `read(5)`: the 5 bytes of the message prefix once they are in, or what there is at the end.
  const onReadable = (): void => {
    const head = req.read(5) as Buffer | null;
    if (head !== null) decide(head);
  };
  const onEnd = (): void => decide(null); // an empty body
  req.on("readable", onReadable);
  req.on("end", onEnd);
};
