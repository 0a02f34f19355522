import type http2 from "node:http2";
import type { NodeRequest, NodeResponse } from "../server/node-http.js";
import { answeredByGrpcGo, grpcGoAnswerFields } from "./grpc-go-headers.js";

type HeaderBag = Record<string, string | string[] | number | undefined>;

/**
 * The gRPC HTTP/2 spec percent-encodes only the bytes of `grpc-message` outside 0x20-0x7E and `%`;
 * grpc-go (ZITADEL) does so, and grpc-js decodes with decodeURI. connect-node encodes with
 * encodeURIComponent, so `:` and `,` in a validation message would reach grpc-js clients as `%3A`
 * and `%2C`. This re-encodes the field as grpc-go would.
 */
export const encodeGrpcMessage = (message: string): string =>
  [...Buffer.from(message, "utf8")]
    .map((byte) => (byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`))
    .join("");

const reencode = (headers: HeaderBag | undefined): void => {
  const value = headers?.["grpc-message"];
  if (headers && typeof value === "string") headers["grpc-message"] = encodeGrpcMessage(decodeURIComponent(value));
};

/** Trailers (or trailers-only headers) rendered by connect, with `grpc-message` encoded as grpc-go does. */
export const grpcGoTrailers = <T extends HeaderBag>(trailers: T): T => {
  reencode(trailers);
  return trailers;
};

/**
 * grpc-go answers with the request's content type: `application/grpc` for `application/grpc`,
 * `application/grpc+proto` for `application/grpc+proto` (connect-node always names the codec).
 */
const echoContentType = (req: NodeRequest, headers: HeaderBag | undefined): void => {
  const requested = req.headers["content-type"];
  if (headers && requested && typeof headers["content-type"] === "string") headers["content-type"] = requested;
};

/**
 * Native gRPC responses as ZITADEL's grpc-go sends them (decision 045): the request's content type,
 * the trailer declarations and `x-robots-tag` (on HTTP/2, where ZITADEL serves gRPC), no `date`, and
 * spec encoding of `grpc-message` in the response headers (trailers-only) and trailers.
 */
export const withGrpcGoResponseHeaders = (req: NodeRequest, res: NodeResponse): void => {
  const grpcGo = answeredByGrpcGo(req.httpVersionMajor, req.headers["content-type"], req.url);
  if (grpcGo) (res as http2.Http2ServerResponse).sendDate = false;
  const writeHead = res.writeHead.bind(res) as (status: number, headers?: HeaderBag) => NodeResponse;
  const addTrailers = res.addTrailers.bind(res) as (trailers: HeaderBag) => void;
  (res as { writeHead: typeof writeHead }).writeHead = (status, headers = {}) => {
    reencode(headers);
    echoContentType(req, headers);
    return writeHead(status, grpcGo ? { ...headers, ...grpcGoAnswerFields() } : headers);
  };
  (res as { addTrailers: typeof addTrailers }).addTrailers = (trailers) => {
    reencode(trailers);
    addTrailers(trailers);
  };
};
