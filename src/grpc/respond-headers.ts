import type http2 from "node:http2";

/**
 * Whether `respond` takes the headers as a raw array of names and values: nodejs/node#59455 (2025),
 * in Node 22.23 and later 22.x releases and in the 24.x releases since. An array spares Node copying a
 * header object into a new one per answer (decision 044). Node 22.19 to 22.22 refuse the array at
 * their argument check, and the same headers as an object then go through, so the first answer finds
 * out, once per process.
 */
let rawHeaderArrays = true;

/** For tests: forget what the first answer found out. */
export const resetRawHeaderArrays = (): void => {
  rawHeaderArrays = true;
};

/** The refusal of an older Node: the headers argument is not of the type it takes. */
const refusesHeaderArrays = (error: unknown): boolean =>
  (error as NodeJS.ErrnoException).code === "ERR_INVALID_ARG_TYPE" && /"headers" argument/.test((error as Error).message);

/** Trailers follow; no `date`: grpc-go suppresses Go's (decision 045). */
const RESPOND_OPTIONS = { waitForTrailers: true, sendDate: false } as const;

/**
 * Sends response headers, given as names and values in turn (`[":status", "200", …]`; a name may
 * repeat), trailers to follow. Node keeps the array it is given: pass a new one on each call.
 */
export const respondHeaders = (stream: http2.ServerHttp2Stream, headers: string[]): void => {
  if (rawHeaderArrays) {
    try {
      return stream.respond(headers, RESPOND_OPTIONS);
    } catch (error) {
      if (!refusesHeaderArrays(error)) throw error;
    }
  }
  const object: Record<string, string | string[]> = {};
  for (let i = 0; i < headers.length; i += 2) {
    const [name, value] = [headers[i]!, headers[i + 1]!];
    const before = object[name];
    object[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  stream.respond(object, RESPOND_OPTIONS);
  rawHeaderArrays = false; // the object form went through where the array did not
};

/** Writes a whole answer as grpc-go does: headers, the body (if any), then the trailers; nothing once headers went out. */
export const respondWithTrailers = (stream: http2.ServerHttp2Stream, headers: string[], body: Buffer | undefined, trailers: http2.OutgoingHttpHeaders): void => {
  if (stream.destroyed || stream.headersSent) return;
  respondHeaders(stream, headers);
  stream.on("wantTrailers", () => stream.sendTrailers(trailers));
  stream.end(body);
};
