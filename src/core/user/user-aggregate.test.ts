import { describe, expect, it } from "vitest";
import { steppingClock } from "../clock.js";
import { UserAggregate } from "./user-aggregate.js";

/** The user aggregate's event stream: one sequence for every event of the user (reference §1.8). */
describe("UserAggregate", () => {
  const value = new Uint8Array([1]);
  const newAggregate = () => new UserAggregate("user-1", steppingClock(new Date("2025-01-01T00:00:00Z"), 1000));

  it("numbers every event of the user from 1, metadata or not", () => {
    const user = newAggregate();
    const pushed = [
      ...user.push([{ type: "user.added", userName: "alice" }]),
      ...user.push([{ type: "user.metadata.set", key: "a", value }]),
      ...user.push([{ type: "user.metadata.removed", key: "a" }]),
    ];
    expect(pushed.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(user.sequence).toBe(3);
  });

  it("reduces metadata events into its rows: creationDate on insert only, removed deletes", () => {
    const user = newAggregate();
    user.push([{ type: "user.metadata.set", key: "a", value }]);
    user.push([{ type: "user.metadata.set", key: "a", value: new Uint8Array([2]) }]);
    const { key, value: bytes, creationDate, changeDate, sequence } = user.metadata.get("a")!;
    expect({ key, value: bytes, creationDate, changeDate, sequence }).toEqual({
      key: "a",
      value: new Uint8Array([2]),
      creationDate: new Date("2025-01-01T00:00:00Z"),
      changeDate: new Date("2025-01-01T00:00:01Z"),
      sequence: 2,
    });
    user.push([{ type: "user.metadata.removed", key: "a" }]);
    expect(user.metadata.has("a")).toBe(false);
  });

  it("remembers the latest metadata event of any key, not other events", () => {
    const user = newAggregate();
    user.push([{ type: "user.added", userName: "alice" }]);
    expect(user.latestMetadataEvent).toBeUndefined();
    user.push([
      { type: "user.metadata.set", key: "a", value },
      { type: "user.metadata.set", key: "b", value },
    ]);
    expect(user.latestMetadataEvent).toMatchObject({ type: "user.metadata.set", key: "b", sequence: 3 });
    user.push([{ type: "user.metadata.removed", key: "a" }]);
    expect(user.latestMetadataEvent).toMatchObject({ type: "user.metadata.removed", key: "a", sequence: 4 });
  });

  it("has no rows before its first metadata event, and keeps users apart", () => {
    const a = newAggregate();
    const b = new UserAggregate("user-2", steppingClock(new Date("2025-01-01T00:00:00Z")));
    expect(a.metadata.size).toBe(0);
    a.push([{ type: "user.metadata.set", key: "k", value }]);
    expect([a.metadata.size, b.metadata.size]).toEqual([1, 0]);
    expect(b.metadata.has("k")).toBe(false);
  });

  describe("seedMetadata: the state one push of a set event per entry leaves, built in bulk", () => {
    const entries = [
      { key: "b", value: new Uint8Array([2]) },
      { key: "a", value: "AQ==" },
      { key: "b", value: new Uint8Array([3]) },
    ];
    const stateOf = (user: UserAggregate) => ({
      rows: [...user.metadata.all()].map(({ key, value, sequence, creationDate, changeDate }) => ({ key, value, sequence, creationDate, changeDate })),
      sequence: user.sequence,
      latest: user.latestMetadataEvent,
    });

    it("gives the rows, sequence and latest metadata event that pushing the entries one by one gives", () => {
      const pushed = new UserAggregate("user-1", () => new Date("2025-01-01T00:00:00Z"));
      pushed.push([{ type: "user.added", userName: "alice" }]);
      for (const { key, value } of entries) pushed.push([{ type: "user.metadata.set", key, value: typeof value === "string" ? new Uint8Array([1]) : value }]);
      const seeded = new UserAggregate("user-1", () => new Date("2025-01-01T00:00:00Z"));
      seeded.push([{ type: "user.added", userName: "alice" }]);
      seeded.seedMetadata(entries);
      expect(stateOf(seeded)).toEqual(stateOf(pushed));
      expect(stateOf(seeded).sequence).toBe(4);
    });

    it("restores a snapshot after later writes, and a user without metadata stays without", () => {
      const user = newAggregate();
      user.seedMetadata(entries);
      const snapshot = user.snapshot();
      const before = stateOf(user);
      user.push([{ type: "user.metadata.removed", key: "a" }]);
      user.restore(snapshot);
      expect(stateOf(user)).toEqual(before);
      const empty = newAggregate();
      const emptySnapshot = empty.snapshot();
      empty.push([{ type: "user.metadata.set", key: "k", value }]);
      empty.restore(emptySnapshot);
      expect([empty.metadata.size, empty.sequence, empty.latestMetadataEvent]).toEqual([0, 0, undefined]);
    });
  });
});
