import { describe, expect, it } from "vitest";
import { MetadataProjection, type MetadataRow } from "./metadata-projection.js";
import type { OrgEvent } from "./org-events.js";

/**
 * ZITADEL's projections.org_metadata2 (reference §3.4, projection semantics): set is an upsert whose
 * creation_date is written on insert only, removed deletes the row.
 */

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const at = (second: number): Date => new Date(Date.UTC(2025, 0, 1, 0, 0, second));

let sequence = 0;
const set = (key: string, value: string, second: number): OrgEvent => ({
  type: "org.metadata.set",
  key,
  value: bytes(value),
  sequence: ++sequence,
  createdAt: at(second),
});
const removed = (key: string, second: number): OrgEvent => ({ type: "org.metadata.removed", key, sequence: ++sequence, createdAt: at(second) });

const projectionOf = (...events: OrgEvent[]): MetadataProjection => {
  const projection = new MetadataProjection();
  for (const event of events) projection.reduce(event);
  return projection;
};
const keys = (rows: Iterable<{ key: string }>): string[] => [...rows].map((row) => row.key);
/** A row's readable fields as a plain object. */
const plain = (row: MetadataRow | undefined) => row && { key: row.key, value: row.value, creationDate: row.creationDate, changeDate: row.changeDate, sequence: row.sequence };

describe("MetadataProjection.reduce", () => {
  it("inserts a row on the first set: creationDate = changeDate = event time, sequence of the event", () => {
    const event = set("plan", "free", 1);
    const projection = projectionOf(event);
    expect(plain(projection.get("plan"))).toEqual({ key: "plan", value: bytes("free"), creationDate: at(1), changeDate: at(1), sequence: event.sequence });
    expect(projection.has("plan")).toBe(true);
    expect(projection.size).toBe(1);
  });

  it("updates on a later set: value, changeDate and sequence change, creationDate stays", () => {
    const first = set("plan", "free", 1);
    const second = set("plan", "pro", 5);
    const row = projectionOf(first, second).get("plan")!;
    expect(row.value).toEqual(bytes("pro"));
    expect(row.creationDate).toEqual(at(1));
    expect(row.changeDate).toEqual(at(5));
    expect(row.sequence).toBe(second.sequence);
  });

  it("deletes the row on removed, and a later set starts a new creationDate", () => {
    const projection = projectionOf(set("plan", "free", 1), removed("plan", 2));
    expect(projection.get("plan")).toBeUndefined();
    expect(projection.has("plan")).toBe(false);
    expect(projection.size).toBe(0);
    projection.reduce(set("plan", "again", 3));
    expect(projection.get("plan")!.creationDate).toEqual(at(3));
  });

  it("ignores a removed event for a key it does not hold, and events other than metadata", () => {
    const projection = projectionOf(set("a", "1", 1));
    projection.reduce(removed("b", 2));
    projection.reduce({ type: "org.added", name: "ACME", sequence: ++sequence, createdAt: at(3) });
    expect(keys(projection.all())).toEqual(["a"]);
  });

  it("keeps keys that differ only in case apart", () => {
    const projection = projectionOf(set("Key", "upper", 1), set("key", "lower", 2), set("KEY", "all", 3));
    expect(projection.size).toBe(3);
    expect(projection.get("Key")!.value).toEqual(bytes("upper"));
    projection.reduce(removed("key", 4));
    expect(keys(projection.all())).toEqual(["KEY", "Key"]);
    expect(keys(projection.withLowerPrefix("key"))).toEqual(["KEY", "Key"]);
  });
});

describe("MetadataProjection reads", () => {
  const projection = projectionOf(
    set("key2.2", "x", 1),
    set("b", "x", 1),
    set("key1", "x", 1),
    set("Key3", "x", 1),
    set("key2", "x", 1),
    set("key2.1", "x", 1),
    set("KEY_4", "x", 1),
    set("a", "x", 1),
    set("zz", "x", 1),
  );

  it("all(): every row in key order, whatever the insertion order", () => {
    expect(keys(projection.all())).toEqual(["KEY_4", "Key3", "a", "b", "key1", "key2", "key2.1", "key2.2", "zz"]);
  });

  it("withPrefix(): exactly the rows starting with the prefix, in key order", () => {
    expect(keys(projection.withPrefix("key2"))).toEqual(["key2", "key2.1", "key2.2"]);
    expect(keys(projection.withPrefix("key"))).toEqual(["key1", "key2", "key2.1", "key2.2"]);
    expect(keys(projection.withPrefix("K"))).toEqual(["KEY_4", "Key3"]);
    expect(keys(projection.withPrefix("nope"))).toEqual([]);
    expect(keys(projection.withPrefix(""))).toEqual(keys(projection.all()));
  });

  it("withLowerPrefix(): the rows whose lower-cased key starts with the prefix", () => {
    expect(keys(projection.withLowerPrefix("key")).sort()).toEqual(["KEY_4", "Key3", "key1", "key2", "key2.1", "key2.2"]);
    expect(keys(projection.withLowerPrefix("key2."))).toEqual(["key2.1", "key2.2"]);
    expect(keys(projection.withLowerPrefix("z"))).toEqual(["zz"]);
    expect(keys(projection.withLowerPrefix("q"))).toEqual([]);
  });

  it("follows updates and removes in the case-insensitive index", () => {
    const p = projectionOf(set("Alpha", "1", 1), set("alpine", "1", 1));
    p.reduce(set("Alpha", "2", 2));
    expect([...p.withLowerPrefix("alp")].map((r) => [r.key, new TextDecoder().decode(r.value)])).toEqual([
      ["Alpha", "2"],
      ["alpine", "1"],
    ]);
    p.reduce(removed("Alpha", 3));
    expect(keys(p.withLowerPrefix("alp"))).toEqual(["alpine"]);
  });
});
