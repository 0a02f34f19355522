import type http2 from "node:http2";

/**
 * Whether `respond` takes the headers as a raw array of names and values (Node 22.23+ and 24.x,
 * nodejs/node#59455). An array spares Node copying a header object into a new one per answer
 * (decision 044). Older releases (22.19 to 22.22) refuse the array before they change anything, so
 * the first answer finds out, once per process.
 */
let rawHeaderArrays = true;

/** For tests: forget what the first answer found out. */
export const resetRawHeaderArrays = (): void => {
  rawHeaderArrays = true;
};

/** Sends response headers, given as names and values in turn (`[":status", "200", …]`), trailers to follow. */
export const respondHeaders = (stream: http2.ServerHttp2Stream, headers: readonly string[]): void => {
  if (rawHeaderArrays) {
    try {
      return stream.respond(headers, { waitForTrailers: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ERR_INVALID_ARG_TYPE") throw error;
      rawHeaderArrays = false;
    }
  }
  const object: http2.OutgoingHttpHeaders = {};
  for (let i = 0; i < headers.length; i += 2) object[headers[i]!] = headers[i + 1];
  stream.respond(object, { waitForTrailers: true });
};
