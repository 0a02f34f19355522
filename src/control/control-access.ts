import { timingSafeEqual } from "node:crypto";
import net from "node:net";
import type { RequestHandler } from "../server/one-port-server.js";

type NodeRequest = Parameters<RequestHandler>[0];

export interface ControlAccessOptions {
  /** The address the mock is bound to (`--host`): a Host naming it is the mock's own. */
  readonly boundHost: () => string | undefined;
  /** `--control-token`: every control call must send `Authorization: Bearer <token>`. */
  readonly token?: string | undefined;
}

/** Why a control request is refused: HTTP status and message (sent as `{code, message}`). */
export interface Refusal {
  readonly status: 401 | 403;
  readonly code: 7 | 16;
  readonly message: string;
}

/** `localhost:8080` -> `localhost`, `[::1]:8080` -> `::1`, `::1` -> `::1`. */
const hostnameOf = (host: string): string => {
  if (net.isIPv6(host)) return host.toLowerCase(); // a bare address (the bound --host), no port
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1]!.toLowerCase();
  return host.replace(/:\d+$/, "").toLowerCase();
};

const isLoopback = (hostname: string): boolean => {
  if (hostname === "localhost" || hostname.endsWith(".localhost")) return true;
  if (net.isIPv4(hostname)) return hostname.startsWith("127.");
  return hostname === "::1" || hostname === "0:0:0:0:0:0:0:1";
};

const sameToken = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Who may use `/__mock/*`: never a page of another origin (a foreign or `null` Origin is refused,
 * whatever the method, so a simple cross-site POST cannot reset the mock), never through a Host that
 * is neither loopback nor the bound address (DNS rebinding), and with `--control-token` only a caller
 * that sends it. A token holder may use any Host: the token is what a rebinding page cannot know.
 */
export const refusalOf = (req: NodeRequest, options: ControlAccessOptions): Refusal | undefined => {
  const host = req.headers.host ?? (req.headers[":authority"] as string | undefined) ?? "";
  if (options.token !== undefined) {
    const authorization = req.headers.authorization ?? "";
    if (!authorization.startsWith("Bearer ") || !sameToken(authorization.slice("Bearer ".length), options.token)) {
      return { status: 401, code: 16, message: "the mock's control API needs Authorization: Bearer <the --control-token value>" };
    }
  } else {
    const hostname = hostnameOf(host);
    const bound = options.boundHost();
    if (!isLoopback(hostname) && (bound === undefined || hostname !== hostnameOf(bound))) {
      return {
        status: 403,
        code: 7,
        message: `the mock's control API answers only through a loopback host or the bound --host, not "${host}" (set --control-token to use it from elsewhere)`,
      };
    }
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) {
    return { status: 403, code: 7, message: `the mock's control API is not available to pages of other origins (Origin: ${origin})` };
  }
  return undefined;
};
