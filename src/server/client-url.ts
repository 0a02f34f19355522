/** The wildcard addresses: bound to one, the mock answers on every interface, loopback included. */
const WILDCARDS = new Set(["0.0.0.0", "::", "[::]"]);

export const isWildcardHost = (host: string): boolean => WILDCARDS.has(host);

/**
 * The URL a client on this machine calls for a mock bound to `host`: a wildcard bind is called on
 * loopback (`http://0.0.0.0:…` is no address to call, and browsers refuse it), an IPv6 address in brackets.
 */
export const clientUrlOf = (host: string, port: number): string => {
  if (host === "0.0.0.0") return `http://127.0.0.1:${port}`;
  if (isWildcardHost(host)) return `http://[::1]:${port}`;
  return `http://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}`;
};
