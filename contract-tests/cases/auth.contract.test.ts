// Authentication, for every operation: the Authorization header must be "Bearer <valid token>".
import { describe, it } from "vitest";
import { useContract } from "../kit/contract.js";
import { ALL_OPERATIONS, exampleRequests, unknownOrgId } from "../kit/examples.js";
import { expectError, ZitadelError } from "../kit/expectations.js";
import { OPERATION_IDS } from "../kit/transport.js";

const contract = useContract("auth");

describe.each(ALL_OPERATIONS.map((op) => [OPERATION_IDS[op], op] as const))("%s", (_operationId, op) => {
  const call = (rawAuthorization: string | null) =>
    contract.client.call(op, exampleRequests(contract.keys.key(op))[op], { rawAuthorization });

  it("answers 401 'auth header missing' (no details) without an Authorization header", async () => {
    expectError(await call(null), ZitadelError.AuthHeaderMissing);
  });

  it("answers 401 AUTH-toLo1 when the header is not a Bearer token", async () => {
    expectError(await call("Basic dXNlcjpwYXNz"), ZitadelError.InvalidAuthHeader);
  });

  it("answers 401 AUTH-toLo1 for a lower-case 'bearer' prefix (the prefix is case-sensitive)", async () => {
    expectError(await call(`bearer ${contract.target.token}`), ZitadelError.InvalidAuthHeader);
  });

  it("answers 401 AUTH-7fs1e for an unknown token", async () => {
    expectError(await call(`Bearer contract-invalid-${Date.now()}`), ZitadelError.TokenInvalid);
  });
});

describe("order of checks", () => {
  it("authenticates before it validates the request", async () => {
    const result = await contract.client.setOrgMetadata({ key: contract.keys.key("invalid"), value: "" }, { rawAuthorization: null });
    expectError(result, ZitadelError.AuthHeaderMissing);
  });

  it("authenticates before it resolves the org", async () => {
    const result = await contract.client.getOrgMetadata(
      { key: contract.keys.key("any") },
      { rawAuthorization: "Bearer contract-invalid-token", orgId: unknownOrgId() },
    );
    expectError(result, ZitadelError.TokenInvalid);
  });
});
