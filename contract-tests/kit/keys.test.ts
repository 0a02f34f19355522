import { describe, expect, it } from "vitest";
import { isRunPrefix, KeyRegistry, KeySpace, newRunPrefix } from "./keys.js";

describe("run prefix", () => {
  it("is contract-<timestamp>-<random>-, lower case", () => {
    const prefix = newRunPrefix(new Date("2025-11-23T15:18:00.123Z"), Buffer.from([0, 1, 35, 36, 200, 255]));
    expect(prefix).toBe("contract-20251123t151800z-ab9aud-");
    expect(isRunPrefix(prefix)).toBe(true);
  });

  it("differs between runs", () => {
    expect(newRunPrefix()).not.toBe(newRunPrefix());
  });
});

describe("KeySpace", () => {
  it("names keys below its prefix and opens disjoint namespaces", () => {
    const keys = new KeySpace("contract-x-set-");
    expect(keys.key("a")).toBe("contract-x-set-a");
    const one = keys.space("list");
    const two = keys.space("list");
    expect(one.prefix).toBe("contract-x-set-list-1-");
    expect(two.prefix).toBe("contract-x-set-list-2-");
  });

  it("builds keys of an exact length in runes", () => {
    const key = new KeySpace("contract-x-").keyOfLength(200, "ä");
    expect([...key]).toHaveLength(200);
    expect(Buffer.byteLength(key)).toBeGreaterThan(200);
    expect(() => new KeySpace("contract-x-").keyOfLength(5)).toThrow(/cannot hold the prefix/);
  });
});

describe("KeyRegistry", () => {
  const prefix = "contract-20251123t151800z-abcdef-";

  it("refuses to write a key without the run prefix", () => {
    const registry = new KeyRegistry(prefix);
    expect(() => registry.guard([`${prefix}a`, "plan"], "setOrgMetadata")).toThrow(
      `refusing to setOrgMetadata "plan": the contract suite only writes keys that start with this run's prefix ${prefix}`,
    );
    expect(() => registry.guard(["contract-20200101t000000z-zzzzzz-old"], "removeOrgMetadata")).toThrow(/refusing/);
  });

  it("lets prefixed keys and empty keys (validation cases) through", () => {
    const registry = new KeyRegistry(prefix);
    expect(() => registry.guard([`${prefix}a`, "", undefined], "bulkSetOrgMetadata")).not.toThrow();
  });

  it("registers each key once per org context, and no key longer than 200 runes", () => {
    const registry = new KeyRegistry(prefix);
    registry.register([`${prefix}a`, `${prefix}a`, `${prefix}${"x".repeat(200)}`, "", undefined], { orgId: "1", token: "t" });
    registry.register([`${prefix}a`], { orgId: "2", token: "t" });
    registry.register([`${prefix}a`], { orgId: null, token: "t" });
    expect(registry.list()).toEqual([
      { key: `${prefix}a`, orgId: "1", token: "t", state: "unknown" },
      { key: `${prefix}a`, orgId: "2", token: "t", state: "unknown" },
      { key: `${prefix}a`, orgId: null, token: "t", state: "unknown" },
    ]);
  });

  it("knows which keys were written: a success stays written, a key whose every write was rejected is not", () => {
    const registry = new KeyRegistry(prefix);
    const context = { orgId: "1", token: "t" };
    registry.register([`${prefix}a`, `${prefix}b`], context);
    registry.settle([`${prefix}a`, `${prefix}b`], context, "ok");
    registry.register([`${prefix}a`, `${prefix}c`], context);
    registry.settle([`${prefix}a`, `${prefix}c`], context, "error");
    registry.register([`${prefix}d`], context); // no answer (the call threw)
    expect(Object.fromEntries(registry.list().map((entry) => [entry.key.slice(prefix.length), entry.state]))).toEqual({
      a: "written",
      b: "written",
      c: "rejected",
      d: "unknown",
    });
  });
});
