// A team's own contract cases: the org metadata its app relies on, checked against the mock and against
// a real ZITADEL with the same command, over REST or gRPC:
//
//   npx zitadel-mock contract --cases 'contract/**/*.contract.test.ts'            # kit cases + these
//   npx zitadel-mock contract --cases 'contract/**/*.contract.test.ts' --only-cases
//   npx zitadel-mock contract --compare --cases 'contract/**/*.contract.test.ts'  # drift check
//
// `useContract(scope)` opens the target of the environment (CONTRACT_BASE_URL, else the bundled mock
// in-process), gives a client with the target's token and org, names every key below this run's
// prefix (`contract-<timestamp>-<random>-<scope>-...`, other keys are refused before they are sent)
// and removes them all after the file. Every response is validated against ZITADEL's spec.
import { describe, expect, it } from "vitest";
import { b64, expectError, expectOk, need, useContract, ZitadelError } from "zitadel-mock/contract";

const contract = useContract("billing");

/** How our app stores the plan of a customer org: JSON in the metadata key `<namespace>plan`. */
const plan = (name: string, seats: number) => b64(JSON.stringify({ name, seats }));

describe("billing plan in org metadata", () => {
  it("stores the plan and reads it back as the app does", async () => {
    const { client, keys } = contract;
    const key = keys.key("plan");

    expectOk(await client.setOrgMetadata({ key, value: plan("team", 5) }));
    const { metadata } = expectOk(await client.getOrgMetadata({ key }));

    expect(JSON.parse(Buffer.from(metadata.value, "base64").toString("utf8"))).toEqual({ name: "team", seats: 5 });
  });

  it("finds all billing keys with one STARTS_WITH search", async () => {
    const { client, keys } = contract;
    const space = keys.space("search");
    expectOk(
      await client.bulkSetOrgMetadata({
        metadata: [
          { key: space.key("plan"), value: plan("pro", 20) },
          { key: space.key("invoice-email"), value: b64("billing@example.com") },
        ],
      }),
    );

    const found = expectOk(
      await client.listOrgMetadata({ queries: [{ keyQuery: { key: space.prefix, method: "TEXT_QUERY_METHOD_STARTS_WITH" } }] }),
    );

    expect((found.result ?? []).map((m) => m.key).sort()).toEqual([space.key("invoice-email"), space.key("plan")]);
  });

  it("treats a missing plan as ZITADEL does: 404 QUERY-Rph32", async () => {
    const { client, keys } = contract;
    expectError(await client.getOrgMetadata({ key: keys.key("no-plan-yet") }), ZitadelError.GetMetadataNotFound);
  });

  it("keeps one customer's plan out of another's org (needs CONTRACT_SECOND_ORG_ID against ZITADEL)", async (t) => {
    const { client, keys, target } = contract;
    const otherOrg = await need(t, target, "secondOrgId");
    const key = keys.key("isolated-plan");
    expectOk(await client.setOrgMetadata({ key, value: plan("team", 5) }, { orgId: otherOrg }));

    expectError(await client.getOrgMetadata({ key }), ZitadelError.GetMetadataNotFound);
  });
});
