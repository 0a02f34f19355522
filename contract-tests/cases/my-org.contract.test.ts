// GetMyOrg: GET /management/v1/orgs/me (how the suite discovers the org when CONTRACT_ORG_ID is unset)
import { describe, expect, it } from "vitest";
import { need, useContract } from "../kit/contract.js";
import { expectOk } from "../kit/expectations.js";

const contract = useContract("my-org");

describe("GetMyOrg", () => {
  it("answers the token user's org without x-zitadel-orgid", async () => {
    const { org } = expectOk(await contract.client.getMyOrg({ orgId: null }));

    expect(org.id).toMatch(/^\S+$/);
    expect(org.name).not.toBe("");
    expect(org.state).toBe("ORG_STATE_ACTIVE");
    expect(org.details.resourceOwner).toBe(org.id);
  });

  it("answers the org named by x-zitadel-orgid", async () => {
    const { org } = expectOk(await contract.client.getMyOrg());

    expect(org.id).toBe(contract.target.orgId);
  });

  it("answers the second org when asked for it", async (t) => {
    const second = await need(t, contract.target, "secondOrgId");

    expect(expectOk(await contract.client.getMyOrg({ orgId: second })).org.id).toBe(second);
  });
});
