// Safety rules against the in-process mock: teardown removes every prefixed key the run wrote (even a
// key a half-applied write left unregistered), and a key that existed before the run is never touched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MockServer } from "../../src/index.js";
import { ContractClient } from "./client.js";
import { loadSpecConformance } from "./conformance.js";
import { expectOk } from "./expectations.js";
import { KeyRegistry, KeySpace, newRunPrefix } from "./keys.js";
import { RestTransport } from "./rest-transport.js";
import { mockProfile } from "./target.js";
import { assertCleanTeardown, teardown } from "./teardown.js";
import { b64 } from "./values.js";

let mock: MockServer;
let transport: RestTransport;
let profile: ReturnType<typeof mockProfile>;

beforeAll(async () => {
  const { createMockServer } = await import("../../src/index.js");
  mock = await createMockServer({ port: 0, host: "127.0.0.1" });
  const { url } = await mock.start();
  profile = mockProfile(mock.fixture);
  transport = new RestTransport({ baseUrl: url, conformance: await loadSpecConformance() });
});

afterAll(async () => {
  await mock?.stop();
});

describe("teardown", () => {
  it("leaves no prefixed key behind and leaves a pre-existing key untouched", async () => {
    const prefix = newRunPrefix();
    const registry = new KeyRegistry(prefix);
    const client = new ContractClient(transport, { token: profile.token, orgId: profile.orgId ?? null }, registry);
    const second = profile.secondOrgId ?? "";
    const existing = mock.fixture.metadata.find((m) => m.orgId === profile.orgId);
    if (!existing) throw new Error("the fixture has no metadata in the test org");
    const before = expectOk(await client.getOrgMetadata({ key: existing.key })).metadata;
    const keys = new KeySpace(`${prefix}teardown-`);

    expectOk(await client.setOrgMetadata({ key: keys.key("one"), value: b64("1") }));
    expectOk(await client.bulkSetOrgMetadata({ metadata: [{ key: keys.key("two"), value: b64("2") }, { key: keys.key("three"), value: b64("3") }] }));
    expectOk(await client.setOrgMetadata({ key: keys.key("elsewhere"), value: b64("x") }, { orgId: second }));
    expectOk(await client.setOrgMetadata({ key: keys.key("own-org"), value: b64("x") }, { orgId: null }));
    expectOk(await client.removeOrgMetadata({ key: keys.key("one") }));
    // A write that happened without being registered (as if a server applied half of a failed bulk write).
    const unregistered = new ContractClient(transport, { token: profile.token, orgId: profile.orgId ?? null }, new KeyRegistry(prefix));
    expectOk(await unregistered.setOrgMetadata({ key: keys.key("stray"), value: b64("x") }));

    const report = await teardown(client, registry, keys.prefix);

    expect(report.failed).toEqual([]);
    expect(report.alreadyGone).toEqual([keys.key("one")]);
    expect(report.removed.sort()).toEqual(
      [keys.key("two"), keys.key("three"), keys.key("elsewhere"), keys.key("own-org"), keys.key("stray")].sort(),
    );
    for (const options of [{}, { orgId: second }, { orgId: null }]) {
      const left = expectOk(
        await client.listOrgMetadata({ queries: [{ keyQuery: { key: prefix, method: "TEXT_QUERY_METHOD_STARTS_WITH" } }] }, options),
      );
      expect(left.result ?? []).toEqual([]);
    }
    expect(expectOk(await client.getOrgMetadata({ key: existing.key })).metadata).toEqual(before);
  });

  it("reports only keys the run wrote: writes a target rejected (a token it does not accept) are not teardown failures", async () => {
    const prefix = newRunPrefix();
    const registry = new KeyRegistry(prefix);
    const rejected = new ContractClient(transport, { token: "not-a-token-of-this-instance", orgId: profile.orgId ?? null }, registry);
    const keys = new KeySpace(`${prefix}rejected-`);
    expect((await rejected.setOrgMetadata({ key: keys.key("a"), value: b64("1") })).httpStatus).toBe(401);
    expect((await rejected.bulkSetOrgMetadata({ metadata: [{ key: keys.key("b"), value: b64("2") }] })).httpStatus).toBe(401);

    const report = await teardown(rejected, registry, keys.prefix);

    expect(report.failed).toEqual([]);
    expect(report.neverWritten).toHaveLength(2);
    expect(() => assertCleanTeardown(report)).not.toThrow();
  });

  it("refuses to write or remove a key without the run prefix, before anything is sent", async () => {
    const registry = new KeyRegistry(newRunPrefix());
    const client = new ContractClient(transport, { token: profile.token, orgId: profile.orgId ?? null }, registry);
    const existing = mock.fixture.metadata.find((m) => m.orgId === profile.orgId);
    if (!existing) throw new Error("the fixture has no metadata in the test org");
    const before = expectOk(await client.getOrgMetadata({ key: existing.key })).metadata;

    await expect(client.setOrgMetadata({ key: existing.key, value: b64("overwritten") })).rejects.toThrow(/refusing to setOrgMetadata/);
    await expect(client.bulkSetOrgMetadata({ metadata: [{ key: existing.key, value: b64("x") }] })).rejects.toThrow(/refusing/);
    await expect(client.removeOrgMetadata({ key: existing.key })).rejects.toThrow(/refusing/);
    await expect(client.bulkRemoveOrgMetadata({ keys: [existing.key] })).rejects.toThrow(/refusing/);
    await expect(client.raw({ method: "POST", path: `/metadata/${existing.key}`, body: {}, operation: "setOrgMetadata", writes: [existing.key] })).rejects.toThrow(/refusing/);

    expect(expectOk(await client.getOrgMetadata({ key: existing.key })).metadata).toEqual(before);
    expect(registry.list()).toEqual([]);
  });
});
