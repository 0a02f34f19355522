let second = -1;
let text = "";

/**
 * Now as an HTTP date, as Go's `http.TimeFormat` writes it (`Thu, 03 Dec 2026 05:38:42 GMT`): for the
 * `expires` of ZITADEL's no-cache interceptor (decision 045). Made once a second.
 */
export const httpDate = (now = Date.now()): string => {
  const current = Math.floor(now / 1000);
  if (current !== second) {
    second = current;
    text = new Date(current * 1000).toUTCString();
  }
  return text;
};
