import { closeSync, fdatasyncSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import type { Fixture, FixtureMetadata, FixtureUserMetadata } from "../fixtures/fixture-types.js";
import { FixtureError, parseFixture } from "../fixtures/load-fixture.js";
import type { ControlPlane } from "./control-plane.js";

/** After this many change records the log is rewritten as one snapshot. */
export const COMPACT_AFTER_RECORDS = 10_000;

/**
 * One line of the log: the whole state, or the value a key of an org or of a user has after an
 * acknowledged change (null: removed).
 */
type StateRecord =
  | { snapshot: Fixture }
  | { orgId: string; key: string; value: string | null }
  | { userId: string; key: string; value: string | null };

const keyOf = (ownerId: string, key: string) => JSON.stringify([ownerId, key]);

/**
 * Reads a state file: a snapshot, then changes. A torn last line (the process died while writing
 * it) is dropped with a warning; anything else unreadable fails, naming the line.
 */
export const readStateFile = (path: string, warn: (message: string) => void): Fixture => {
  const lines = readFileSync(path, "utf8").split("\n");
  if (lines.at(-1) === "") lines.pop();
  let state: Fixture | undefined;
  const metadata = new Map<string, FixtureMetadata>();
  const userMetadata = new Map<string, FixtureUserMetadata>();
  lines.forEach((line, i) => {
    let record: StateRecord;
    try {
      record = JSON.parse(line) as StateRecord;
    } catch (cause) {
      if (i === lines.length - 1) return warn(`state file ${path}: the last record (line ${i + 1}) is incomplete and was ignored`);
      throw new FixtureError(path, [{ path: "", message: `line ${i + 1} is not a state record` }], { cause, heading: "Cannot read state file" });
    }
    if ("snapshot" in record) {
      state = parseFixture(record.snapshot, `${path} line ${i + 1}`);
      metadata.clear();
      userMetadata.clear();
      for (const entry of state.metadata) metadata.set(keyOf(entry.orgId, entry.key), entry);
      for (const entry of state.userMetadata ?? []) userMetadata.set(keyOf(entry.userId, entry.key), entry);
    } else if ("userId" in record) {
      if (record.value === null) userMetadata.delete(keyOf(record.userId, record.key));
      else userMetadata.set(keyOf(record.userId, record.key), { userId: record.userId, key: record.key, value: record.value });
    } else if (record.value === null) metadata.delete(keyOf(record.orgId, record.key));
    else metadata.set(keyOf(record.orgId, record.key), { orgId: record.orgId, key: record.key, value: record.value });
  });
  if (!state) throw new FixtureError(path, [{ path: "", message: "no snapshot record" }], { heading: "Cannot read state file" });
  // A snapshot without user metadata (written before it existed) keeps its shape when no user record followed.
  const users = state.userMetadata === undefined && userMetadata.size === 0 ? {} : { userMetadata: [...userMetadata.values()] };
  return parseFixture({ ...state, metadata: [...metadata.values()], ...users }, path);
};

/**
 * `--state-file`: every acknowledged change is on disk before its response (a record appended and
 * flushed with fdatasync), and the whole state is rewritten as one snapshot after a state change
 * (PUT /__mock/state, reset, --watch) and every COMPACT_AFTER_RECORDS changes.
 */
export class StateFile {
  private fd: number;
  private records = 0;

  constructor(
    private readonly path: string,
    private readonly plane: ControlPlane,
  ) {
    this.fd = this.compact();
  }

  /**
   * Appends the current values of `keys` (after a successful write RPC): of the org `orgId`, or of
   * the user `userId` when given.
   */
  committed(orgId: string, keys: readonly string[], userId?: string): void {
    const rows = userId === undefined ? this.plane.instance.org(orgId)?.aggregate.metadata : this.plane.instance.user(userId)?.aggregate.metadata;
    const owner = userId === undefined ? { orgId } : { userId };
    const lines = keys.map((key) => {
      const row = rows?.get(key);
      return JSON.stringify({ ...owner, key, value: row ? Buffer.from(row.value).toString("base64") : null } satisfies StateRecord);
    });
    writeSync(this.fd, `${lines.join("\n")}\n`);
    fdatasyncSync(this.fd);
    this.records += lines.length;
    if (this.records >= COMPACT_AFTER_RECORDS) this.rewrite();
  }

  /** The whole state as one snapshot, written beside the file and renamed over it. */
  rewrite(): void {
    closeSync(this.fd);
    this.fd = this.compact();
  }

  close(): void {
    closeSync(this.fd);
  }

  private compact(): number {
    const temporary = `${this.path}.tmp`;
    const fd = openSync(temporary, "w");
    writeSync(fd, `${JSON.stringify({ snapshot: this.plane.getState() } satisfies StateRecord)}\n`);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, this.path);
    this.records = 0;
    return openSync(this.path, "a");
  }
}
