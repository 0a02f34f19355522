/**
 * fast-check generators of hostile input for every transport on the mock's port: raw HTTP/1.1
 * bytes, raw h2c frames, gRPC requests over HTTP/2 with malformed length-prefixed frames, gRPC-web
 * (binary and text) and REST over HTTP/2. Each case is plain data, printable when it fails.
 */
import fc from "fast-check";

export const TOKENS = ["acme-owner-token", "iam-owner-token", "acme-viewer-token", "globex-owner-token", "", "nope"];
const RPCS = ["GetMyOrg", "SetOrgMetadata", "BulkSetOrgMetadata", "ListOrgMetadata", "GetOrgMetadata", "RemoveOrgMetadata", "BulkRemoveOrgMetadata", "Nope"];
const REST_PATHS = [
  "/management/v1/metadata/plan",
  "/management/v1/metadata/_bulk",
  "/management/v1/metadata/_search",
  "/management/v1/orgs/me",
  "/management/v1/metadata/%E0%A4",
  "/management/v1/metadata/a%2Fb",
  "/management/v1/nope",
  "/debug/healthz",
  "/",
];

/** 4 MiB + 1: over grpc-go's message limit; 40 MiB: over the read limit. */
export const OVER_MESSAGE_LIMIT = 4 * 1024 * 1024 + 1;
export const OVER_READ_LIMIT = 40 * 1024 * 1024;

const bytes = (max: number) => fc.uint8Array({ maxLength: max });
const text = (max: number) => fc.string({ maxLength: max, unit: "binary-ascii" });

// --- HTTP/1.1 -----------------------------------------------------------------------------------

export interface Http1Case {
  readonly kind: "http1";
  /** Latin-1 text of what the client sends (then it half-closes). */
  readonly wire: string;
}

const headerLine = fc.oneof(
  fc.constantFrom("Content-Type: application/json", "Content-Type: application/grpc-web+proto", "Content-Type: text/plain", "Transfer-Encoding: chunked"),
  fc.constantFrom("Transfer-Encoding: gzip, chunked", "Content-Length: -1", "Content-Length: 99999999999", "Content-Length: 1, 2", "Expect: 100-continue"),
  fc.constantFrom("Connection: keep-alive", "Connection: close", "Upgrade: h2c", "X-Zitadel-Orgid: 284012579201597444", "Bad Header", "X Y: z", ": empty"),
  fc.constantFrom(...TOKENS).map((t) => `Authorization: Bearer ${t}`),
  fc.tuple(text(20), text(40)).map(([n, v]) => `${n}: ${v}`),
  fc.nat({ max: 20_000 }).map((n) => `X-Long: ${"a".repeat(n)}`),
);

const requestLine = fc.tuple(
  fc.constantFrom("GET", "POST", "DELETE", "PUT", "OPTIONS", "HEAD", "PRI", "G ET", "get", ""),
  fc.oneof(fc.constantFrom(...REST_PATHS, ...RPCS.map((r) => `/zitadel.management.v1.ManagementService/${r}`)), text(60), fc.constant("*")),
  fc.constantFrom("HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "HTTP/1.1 x", ""),
);

const http1Request = fc
  .record({
    line: requestLine,
    headers: fc.array(headerLine, { maxLength: 6 }),
    body: fc.oneof(text(200), fc.constantFrom("{}", '{"key":"plan","value":"YQ=="}', "5\r\nhello\r\n0\r\n\r\n", "zz\r\n", "0\r\n\r\n")),
    contentLength: fc.oneof(fc.constant("actual" as const), fc.constant("none" as const), fc.nat({ max: 400 })),
  })
  .map(({ line, headers, body, contentLength }) => {
    const length = contentLength === "actual" ? [`Content-Length: ${body.length}`] : contentLength === "none" ? [] : [`Content-Length: ${contentLength}`];
    return `${line.join(" ")}\r\nHost: localhost\r\n${[...length, ...headers].map((h) => `${h}\r\n`).join("")}\r\n${body}`;
  });

export const http1Case: fc.Arbitrary<Http1Case> = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: http1Request }, { weight: 1, arbitrary: bytes(300).map((b) => Buffer.from(b).toString("latin1")) }),
    fc.nat({ max: 3 }),
    fc.double({ min: 0, max: 1, noNaN: true }),
  )
  .map(([wire, pipelined, cut]) => {
    const all = wire.repeat(pipelined + 1);
    // One case in four is truncated somewhere.
    return { kind: "http1" as const, wire: cut < 0.25 ? all.slice(0, Math.floor(all.length * cut * 4)) : all };
  });

// --- gRPC over HTTP/2 ---------------------------------------------------------------------------

export interface GrpcFrame {
  readonly flag: number;
  /** The declared length: the payload's, or a lie. */
  readonly declared: number | "actual";
  readonly payload: Uint8Array;
}

export interface GrpcCase {
  readonly kind: "grpc";
  readonly rpc: string;
  readonly contentType: string;
  readonly token: string;
  readonly encoding?: string;
  readonly timeout?: string;
  readonly frames: readonly GrpcFrame[];
  /** Cut the body after this many bytes (then end or reset the stream). */
  readonly truncateAt?: number;
  /** Reset the stream (RST_STREAM CANCEL) instead of ending it. */
  readonly reset: boolean;
}

/** A valid-looking protobuf for the metadata RPCs: field 1 (key) and 2 (value) as length-delimited. */
const protoLike = fc
  .tuple(text(20), bytes(64))
  .map(([key, value]) => Uint8Array.from([0x0a, key.length, ...Buffer.from(key, "latin1"), 0x12, value.length, ...value]));

const grpcFrame: fc.Arbitrary<GrpcFrame> = fc.record({
  flag: fc.constantFrom(0, 0, 0, 1, 2, 0x80, 255),
  declared: fc.oneof(
    { weight: 6, arbitrary: fc.constant("actual" as const) },
    { weight: 1, arbitrary: fc.constantFrom(0, 1, 1000, OVER_MESSAGE_LIMIT, OVER_READ_LIMIT, 0xffffffff) },
  ),
  payload: fc.oneof(protoLike, bytes(200), fc.constant(new Uint8Array(0))),
});

export const grpcCase: fc.Arbitrary<GrpcCase> = fc.record(
  {
    kind: fc.constant("grpc" as const),
    rpc: fc.constantFrom(...RPCS),
    contentType: fc.constantFrom("application/grpc", "application/grpc+proto", "application/grpc+json"),
    token: fc.constantFrom(...TOKENS),
    encoding: fc.constantFrom("gzip", "identity", "br", "x-bogus"),
    timeout: fc.constantFrom("1m", "10S", "99999999H", "1x", "-1S"),
    frames: fc.array(grpcFrame, { minLength: 0, maxLength: 3 }),
    truncateAt: fc.nat({ max: 300 }),
    reset: fc.boolean(),
  },
  { requiredKeys: ["kind", "rpc", "contentType", "token", "frames", "reset"] },
);

/**
 * The body of a gRPC or gRPC-web request: the frames, declared lengths as given. Written by hand on
 * purpose (not with test/grpc-envelopes.ts): a declared length may differ from the payload's.
 */
export const encodeFrames = (frames: readonly GrpcFrame[]): Buffer =>
  Buffer.concat(
    frames.flatMap((f) => {
      const head = Buffer.alloc(5);
      head[0] = f.flag;
      head.writeUInt32BE(f.declared === "actual" ? f.payload.length : f.declared, 1);
      return [head, Buffer.from(f.payload)];
    }),
  );

// --- gRPC-web and REST over HTTP/1.1 and HTTP/2 ---------------------------------------------------

export interface GrpcWebCase {
  readonly kind: "grpc-web";
  readonly rpc: string;
  readonly contentType: string;
  readonly token: string;
  readonly frames: readonly GrpcFrame[];
  readonly truncateAt?: number;
}

export const grpcWebCase: fc.Arbitrary<GrpcWebCase> = fc.record(
  {
    kind: fc.constant("grpc-web" as const),
    rpc: fc.constantFrom(...RPCS),
    contentType: fc.constantFrom(
      "application/grpc-web",
      "application/grpc-web+proto",
      "application/grpc-web+json",
      "application/grpc-web-text",
      "application/grpc-web-text+proto",
      "application/grpc-web+xml",
    ),
    token: fc.constantFrom(...TOKENS),
    frames: fc.array(grpcFrame, { maxLength: 3 }),
    truncateAt: fc.nat({ max: 300 }),
  },
  { requiredKeys: ["kind", "rpc", "contentType", "token", "frames"] },
);

export interface RestH2Case {
  readonly kind: "rest-h2";
  readonly method: string;
  readonly path: string;
  readonly token: string;
  readonly body?: string;
}

export const restH2Case: fc.Arbitrary<RestH2Case> = fc.record(
  {
    kind: fc.constant("rest-h2" as const),
    method: fc.constantFrom("GET", "POST", "DELETE", "PUT"),
    path: fc.oneof(fc.constantFrom(...REST_PATHS), text(40).map((t) => `/management/v1/metadata/${encodeURIComponent(t)}`)),
    token: fc.constantFrom(...TOKENS),
    body: fc.oneof(fc.constantFrom("{}", '{"key":"x","value":"YQ=="}', '{"metadata":[]}', '{"queries":[{"keyQuery":{"key":"p","method":7}}]}'), text(80)),
  },
  { requiredKeys: ["kind", "method", "path", "token"] },
);

// --- raw h2c frames -------------------------------------------------------------------------------

export interface H2FramesCase {
  readonly kind: "h2-frames";
  /** The bytes after (or instead of) the connection preface, as hex. */
  readonly hex: string;
}

const H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

const frame = (type: number, flags: number, streamId: number, payload: Uint8Array): Buffer => {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(streamId & 0x7fffffff, 5);
  return Buffer.concat([head, Buffer.from(payload)]);
};

/** HPACK integer with a 7-bit prefix, string without Huffman coding. */
const hpackString = (value: string): Buffer => {
  const raw = Buffer.from(value, "latin1");
  const length: number[] = [];
  if (raw.length < 127) length.push(raw.length);
  else {
    length.push(127);
    let rest = raw.length - 127;
    while (rest >= 128) {
      length.push((rest % 128) + 128);
      rest = Math.floor(rest / 128);
    }
    length.push(rest);
  }
  return Buffer.concat([Buffer.from(length), raw]);
};

/** A header block of literal fields without indexing. */
export const hpackBlock = (headers: ReadonlyArray<readonly [string, string]>): Buffer =>
  Buffer.concat(headers.flatMap(([name, value]) => [Buffer.from([0]), hpackString(name), hpackString(value)]));

const requestHeaders = fc
  .tuple(
    fc.constantFrom("GET", "POST"),
    fc.constantFrom(...REST_PATHS, "/zitadel.management.v1.ManagementService/GetMyOrg"),
    fc.constantFrom("application/grpc", "application/json", "application/grpc-web+proto"),
    fc.nat({ max: 70_000 }),
    fc.boolean(),
  )
  .map(([method, path, contentType, padding, authority]) =>
    hpackBlock([
      [":method", method],
      [":scheme", "http"],
      [":path", path],
      // :authority is optional in HTTP/2 (RFC 9113 §8.3.1)
      ...(authority ? [[":authority", "localhost"] as const] : []),
      ["content-type", contentType],
      ["authorization", "Bearer acme-owner-token"],
      ...(padding > 0 ? [["x-pad", "p".repeat(padding)] as const] : []),
    ]),
  );

const h2Frame = fc.oneof(
  // SETTINGS: empty, valid, odd length, ACK with payload
  fc.constantFrom(frame(4, 0, 0, new Uint8Array()), frame(4, 0, 0, Uint8Array.from([0, 3, 0, 0, 0, 100])), frame(4, 0, 0, Uint8Array.from([1, 2, 3])), frame(4, 1, 0, Uint8Array.from([0, 0, 0, 0, 0, 0]))),
  // HEADERS (END_HEADERS, sometimes END_STREAM) on odd, even or reused stream ids; sometimes garbage HPACK
  fc.tuple(requestHeaders, fc.constantFrom(1, 3, 5, 2, 0, 1), fc.boolean()).map(([block, id, end]) => frame(1, 4 | (end ? 1 : 0), id, block)),
  fc.tuple(bytes(64), fc.constantFrom(1, 3)).map(([junk, id]) => frame(1, 4, id, junk)),
  // DATA, RST_STREAM, WINDOW_UPDATE (zero increment too), PING, GOAWAY, CONTINUATION, PRIORITY, unknown
  fc.tuple(bytes(100), fc.constantFrom(0, 1, 3), fc.constantFrom(0, 1)).map(([data, id, flags]) => frame(0, flags, id, data)),
  fc.constantFrom(1, 3, 0).map((id) => frame(3, 0, id, Uint8Array.from([0, 0, 0, 8]))),
  fc.tuple(fc.constantFrom(0, 1), fc.constantFrom(0, 1, 0x7fffffff)).map(([id, inc]) => frame(8, 0, id, Uint8Array.from([(inc >>> 24) & 0x7f, (inc >>> 16) & 255, (inc >>> 8) & 255, inc & 255]))),
  fc.constant(frame(6, 0, 0, new Uint8Array(8))),
  fc.constant(frame(7, 0, 0, new Uint8Array(8))),
  fc.tuple(bytes(40), fc.constantFrom(1, 3)).map(([junk, id]) => frame(9, 4, id, junk)),
  fc.constant(frame(2, 0, 1, Uint8Array.from([0, 0, 0, 1, 16]))),
  fc.tuple(fc.integer({ min: 10, max: 255 }), bytes(30)).map(([type, junk]) => frame(type, 0, 1, junk)),
);

export const h2FramesCase: fc.Arbitrary<H2FramesCase> = fc
  .tuple(
    fc.constantFrom("valid", "valid", "valid", "truncated", "mangled"),
    fc.array(h2Frame, { minLength: 1, maxLength: 8 }),
    fc.nat({ max: 23 }),
  )
  .map(([preface, frames, cut]) => {
    const start = preface === "valid" ? H2_PREFACE : preface === "truncated" ? H2_PREFACE.slice(0, cut) : H2_PREFACE.replace("SM", "XX");
    return { kind: "h2-frames" as const, hex: Buffer.concat([Buffer.from(start, "latin1"), ...frames]).toString("hex") };
  });

export type FuzzCase = Http1Case | GrpcCase | GrpcWebCase | RestH2Case | H2FramesCase;

/** Every kind, weighted so each transport gets a fair share. */
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.oneof(
  { weight: 3, arbitrary: http1Case },
  { weight: 3, arbitrary: grpcCase },
  { weight: 2, arbitrary: grpcWebCase },
  { weight: 1, arbitrary: restH2Case },
  { weight: 2, arbitrary: h2FramesCase },
);
