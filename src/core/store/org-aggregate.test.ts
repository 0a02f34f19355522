import { describe, expect, it } from "vitest";
import { steppingClock } from "../clock.js";
import { OrgAggregate } from "./org-aggregate.js";

/** The org aggregate's event stream: one sequence for every event of the org (reference §6). */
describe("OrgAggregate", () => {
  const value = new Uint8Array([1]);
  const newAggregate = () => new OrgAggregate("org-1", steppingClock(new Date("2025-01-01T00:00:00Z"), 1000));

  it("numbers every event of the org consecutively from 1, metadata or not", () => {
    const org = newAggregate();
    expect(org.sequence).toBe(0);
    const pushed = [
      ...org.push([{ type: "org.added", name: "ACME" }]),
      ...org.push([{ type: "org.metadata.set", key: "a", value }]),
      ...org.push([{ type: "org.metadata.removed", key: "a" }]),
    ];
    expect(pushed.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(org.sequence).toBe(3);
  });

  it("gives the events of one push one timestamp and consecutive sequences", () => {
    const org = newAggregate();
    org.push([{ type: "org.added", name: "ACME" }]);
    const pushed = org.push([
      { type: "org.metadata.set", key: "a", value },
      { type: "org.metadata.set", key: "b", value },
    ]);
    expect(pushed.map((e) => e.sequence)).toEqual([2, 3]);
    expect(pushed[0]!.createdAt).toEqual(pushed[1]!.createdAt);
    expect(pushed[0]!.createdAt).toEqual(new Date("2025-01-01T00:00:01Z"));
  });

  it("gives pushes in the same millisecond one timestamp object (rows share it), later ones their own", () => {
    let now = new Date("2025-01-01T00:00:00Z").getTime();
    const org = new OrgAggregate("org-1", () => new Date(now));
    const [a] = org.push([{ type: "org.metadata.set", key: "a", value }]);
    const [b] = org.push([{ type: "org.metadata.set", key: "b", value }]);
    now += 1;
    const [c] = org.push([{ type: "org.metadata.set", key: "c", value }]);
    expect(a!.createdAt).toBe(b!.createdAt);
    expect(org.metadata.get("b")!.creationDate).toBe(org.metadata.get("a")!.changeDate);
    expect(c!.createdAt).not.toBe(b!.createdAt);
    expect(c!.createdAt.getTime() - b!.createdAt.getTime()).toBe(1);
  });

  it("reduces what it pushes into the metadata projection", () => {
    const org = newAggregate();
    org.push([{ type: "org.metadata.set", key: "a", value }]);
    expect(org.metadata.get("a")!.sequence).toBe(1);
    org.push([{ type: "org.metadata.removed", key: "a" }]);
    expect(org.metadata.has("a")).toBe(false);
  });

  it("moves the org read model with every org event, metadata included (ZITADEL reads the org from its events)", () => {
    const org = newAggregate();
    org.push([{ type: "org.added", name: "ACME" }]);
    const [set] = org.push([{ type: "org.metadata.set", key: "a", value }]);
    expect(org.org.sequence).toBe(2);
    expect(org.org.creationDate).toEqual(new Date("2025-01-01T00:00:00Z"));
    expect(org.org.changeDate).toEqual(set!.createdAt);
    expect(org.org.changeDate).not.toEqual(org.org.creationDate);
    expect(org.sequence).toBe(2);
  });

  it("keeps separate streams per org", () => {
    const a = newAggregate();
    const b = new OrgAggregate("org-2", steppingClock(new Date("2025-01-01T00:00:00Z")));
    a.push([{ type: "org.metadata.set", key: "k", value }]);
    a.push([{ type: "org.metadata.set", key: "k", value }]);
    b.push([{ type: "org.metadata.set", key: "k", value }]);
    expect([a.sequence, b.sequence]).toEqual([2, 1]);
  });

  describe("seedMetadata: the state one push of a set event per entry leaves, built in bulk", () => {
    const rowsOf = (org: OrgAggregate) =>
      [...org.metadata.all()].map(({ key, value, storedValue, sequence, creationDate, changeDate }) => ({ key, value, storedValue, sequence, creationDate, changeDate }));
    const lowerOrder = (org: OrgAggregate) => [...org.metadata.withLowerPrefix("")].map((row) => row.key);
    const entries = [
      { key: "b", value: new Uint8Array([2]) },
      { key: "A", value: "AQ==" },
      { key: "a", value: new Uint8Array([]) },
      { key: "b", value: "Aw==" },
      { key: "Ab", value: new Uint8Array([4, 5]) },
    ];
    const bytesOf = (value: Uint8Array | string) => (typeof value === "string" ? new Uint8Array(Buffer.from(value, "base64")) : value);

    it("gives the same rows, sequences, dates and org read model as the events", () => {
      const seeded = newAggregate();
      seeded.push([{ type: "org.added", name: "ACME" }]);
      seeded.seedMetadata(entries);
      const pushed = newAggregate();
      pushed.push([{ type: "org.added", name: "ACME" }]);
      pushed.push(entries.map(({ key, value }) => ({ type: "org.metadata.set" as const, key, value: bytesOf(value) })));
      expect(rowsOf(seeded)).toEqual(rowsOf(pushed));
      expect(rowsOf(seeded).map((row) => [row.key, row.sequence])).toEqual([
        ["A", 3],
        ["Ab", 6],
        ["a", 4],
        ["b", 5],
      ]);
      expect(lowerOrder(seeded)).toEqual(lowerOrder(pushed));
      expect([seeded.sequence, seeded.org.sequence, seeded.org.changeDate]).toEqual([pushed.sequence, pushed.org.sequence, pushed.org.changeDate]);
      expect(seeded.metadata.lowerKeyRange("ab")).toEqual({ from: 2, to: 3 });
    });

    it("gives the same state for entries already in key order (an exported state), a repeated key ending with its last value", () => {
      const sorted = [
        { key: "A", value: "AQ==" },
        { key: "a", value: "Ag==" },
        { key: "a", value: "Aw==" },
        { key: "b", value: "BA==" },
      ];
      const seeded = newAggregate();
      seeded.seedMetadata(sorted);
      const pushed = newAggregate();
      pushed.push(sorted.map(({ key, value }) => ({ type: "org.metadata.set" as const, key, value: bytesOf(value) })));
      expect(rowsOf(seeded)).toEqual(rowsOf(pushed));
      expect(rowsOf(seeded).map((row) => [row.key, row.storedValue])).toEqual([["A", "AQ=="], ["a", "Aw=="], ["b", "BA=="]]);
    });

    it("orders keys already in lower case by key in the lower-cased index too", () => {
      const org = newAggregate();
      org.seedMetadata(["b", "a.x", "a", "c"].map((key) => ({ key, value: "AQ==" })));
      expect(lowerOrder(org)).toEqual(["a", "a.x", "b", "c"]);
      expect(org.metadata.lowerPrefixRange("a")).toEqual({ from: 0, to: 2 });
      org.push([{ type: "org.metadata.set", key: "A", value: new Uint8Array([1]) }]);
      expect(lowerOrder(org)).toEqual(["A", "a", "a.x", "b", "c"]);
    });

    it("restores a snapshot after any writes, and the snapshot is not changed by them", () => {
      const org = newAggregate();
      org.push([{ type: "org.added", name: "ACME" }]);
      org.seedMetadata(entries);
      const before = rowsOf(org);
      const snapshot = org.snapshot();
      org.push([{ type: "org.metadata.removed", key: "b" }]);
      org.push([{ type: "org.metadata.set", key: "A", value: new Uint8Array([9]) }]);
      org.push([{ type: "org.metadata.set", key: "c", value: new Uint8Array([9]) }]);
      const other = newAggregate();
      other.restore(snapshot);
      org.restore(snapshot);
      for (const restored of [org, other]) {
        expect(rowsOf(restored)).toEqual(before);
        expect(lowerOrder(restored)).toEqual(["A", "a", "Ab", "b"]);
        expect(restored.sequence).toBe(6);
        expect(restored.org.sequence).toBe(6);
      }
      org.push([{ type: "org.metadata.set", key: "d", value: new Uint8Array([1]) }]);
      expect(org.sequence).toBe(7);
      expect(rowsOf(other)).toEqual(before);
    });
  });
});
