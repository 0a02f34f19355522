/**
 * Whether the socket is bound to every interface, as `server.address()` reports it: a wildcard host
 * (`0.0.0.0`, `::`, `::0`, or an empty one) always comes back as one of these.
 */
export const isWildcardAddress = (address: string): boolean => address === "0.0.0.0" || address === "::" || address === "::ffff:0.0.0.0";

/**
 * The URL a client on this machine calls for a mock bound to `host` (`address` as the socket reports
 * it): a wildcard bind is called on loopback (`http://0.0.0.0:…` is no address to call, and browsers
 * refuse it), any other host as given, an IPv6 address in brackets.
 */
export const clientUrlOf = (host: string, address: string, port: number): string => {
  if (isWildcardAddress(address)) return address === "::" ? `http://[::1]:${port}` : `http://127.0.0.1:${port}`;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
};
