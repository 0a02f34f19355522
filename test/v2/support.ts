/**
 * Shared bits of the v2 integration tests: a listening mock whose clock the test drives, and calls as
 * a plain HTTP client makes them: REST on ZITADEL's `/v2...` paths and the Connect protocol with JSON.
 */
import { ORG, TOKEN, USER } from "../default-fixture.js";

export { ORG, TOKEN, USER };

export { FIXTURE_TIME, mockPerFile } from "../grpc/support.js";

/** Standard padded base64 of a UTF-8 text, as `bytes` travel in JSON. */
export const b64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");

export interface JsonAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const answer = async (response: Response): Promise<JsonAnswer> => ({ status: response.status, body: (await response.json()) as Record<string, unknown> });

/** A REST call with a bearer token (none when `token` is undefined) and an optional org context. */
export const rest = async (
  url: string,
  method: string,
  path: string,
  options: { token?: string | undefined; body?: unknown; orgId?: string } = {},
): Promise<JsonAnswer> => {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.orgId !== undefined) headers["x-zitadel-orgid"] = options.orgId;
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return answer(await fetch(`${url}${path}`, { method, headers, body }));
};

/** A unary Connect call with JSON (`POST /<service>/<Rpc>`), as curl or fetch would make it. */
export const connectJson = async (
  url: string,
  procedure: string,
  message: unknown,
  options: { token?: string | undefined; orgId?: string } = {},
): Promise<JsonAnswer> => {
  const headers: Record<string, string> = { "content-type": "application/json", "connect-protocol-version": "1" };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.orgId !== undefined) headers["x-zitadel-orgid"] = options.orgId;
  return answer(await fetch(`${url}/${procedure}`, { method: "POST", headers, body: JSON.stringify(message) }));
};

export const USER_SERVICE = "zitadel.user.v2.UserService";
export const ORG_SERVICE = "zitadel.org.v2beta.OrganizationService";
