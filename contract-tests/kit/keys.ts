/**
 * Safety against real data: every key the suite writes starts with a per-run prefix
 * `contract-<timestamp>-<random>-`, writes of any other key are refused before they reach the wire,
 * and every key the suite tries to write is registered so teardown can remove it.
 */
import { randomBytes } from "node:crypto";

const MAX_KEY_RUNES = 200;
const RUN_PREFIX = /^contract-\d{8}t\d{6}z-[a-z0-9]{6}-$/;

/** A fresh prefix, e.g. `contract-20251123t151800z-k3j9x2-` (lower case so *_IGNORE_CASE cases can upper-case it). */
export function newRunPrefix(now = new Date(), random = randomBytes(6)): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "z").toLowerCase();
  const suffix = [...random].map((byte) => "abcdefghijklmnopqrstuvwxyz0123456789"[byte % 36]).join("");
  return `contract-${stamp}-${suffix}-`;
}

export function isRunPrefix(prefix: string): boolean {
  return RUN_PREFIX.test(prefix);
}

/** Names keys below a prefix; `space()` opens a disjoint sub-namespace for one case. */
export class KeySpace {
  private counter = 0;
  constructor(readonly prefix: string) {}

  /** `<prefix><name>` */
  key(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** A namespace no other `space()` call of this KeySpace shares: `<prefix><name>-<n>-`. */
  space(name: string): KeySpace {
    this.counter += 1;
    return new KeySpace(`${this.prefix}${name}-${this.counter}-`);
  }

  /** A key of exactly `runes` code points (padded with `fill`), below this prefix. */
  keyOfLength(runes: number, fill = "k"): string {
    const head = [...this.prefix].length;
    if (runes < head) throw new Error(`a key of ${runes} runes cannot hold the prefix ${this.prefix}`);
    return this.prefix + fill.repeat(runes - head);
  }
}

/** Where a write happened: the teardown removes a key in the same org context. */
export interface WriteContext {
  /** The org header sent; null: the token user's own org. */
  orgId: string | null;
  /** The token used when `orgId` is null (the own org depends on it). */
  token: string;
}

/**
 * What the run knows of a registered key: `written` (a write was answered with success), `rejected`
 * (every write of it was answered with an error: ZITADEL's writes are all-or-nothing, so it was not
 * written), `unknown` (a write is in flight or got no answer).
 */
export type WriteState = "written" | "rejected" | "unknown";

export interface RegisteredKey extends WriteContext {
  key: string;
  state: WriteState;
}

/** Refuses writes of foreign keys and remembers every key the run tried to write. */
export class KeyRegistry {
  private readonly entries = new Map<string, RegisteredKey>();
  constructor(readonly runPrefix: string) {}

  /**
   * Throws unless every non-empty key starts with the run prefix. Empty keys are let through: no server
   * can store them (validation cases send them on purpose).
   */
  guard(keys: Array<string | undefined>, action: string): void {
    const foreign = keys.filter((k): k is string => typeof k === "string" && k !== "" && !k.startsWith(this.runPrefix));
    if (foreign.length > 0) {
      throw new Error(
        `refusing to ${action} ${foreign.map((k) => JSON.stringify(k)).join(", ")}: ` +
          `the contract suite only writes keys that start with this run's prefix ${this.runPrefix}`,
      );
    }
  }

  /**
   * Registers keys before they are written, so a half-applied write is cleaned up too. Keys longer than
   * ZITADEL's 200 runes cannot be stored (nor removed), so they are not registered.
   */
  register(keys: Array<string | undefined>, context: WriteContext): void {
    for (const key of this.storable(keys)) {
      const id = this.id(key, context);
      const known = this.entries.get(id);
      this.entries.set(id, { key, ...context, state: known?.state === "written" ? "written" : "unknown" });
    }
  }

  /** Records the answer to a write of `keys` registered with `register`. */
  settle(keys: Array<string | undefined>, context: WriteContext, answered: "ok" | "error"): void {
    for (const key of this.storable(keys)) {
      const entry = this.entries.get(this.id(key, context));
      if (!entry || entry.state === "written") continue;
      entry.state = answered === "ok" ? "written" : "rejected";
    }
  }

  private storable(keys: Array<string | undefined>): string[] {
    return keys.filter((key): key is string => typeof key === "string" && key.startsWith(this.runPrefix) && [...key].length <= MAX_KEY_RUNES);
  }

  private id(key: string, context: WriteContext): string {
    return JSON.stringify([context.orgId, context.orgId === null ? context.token : "", key]);
  }

  list(): RegisteredKey[] {
    return [...this.entries.values()];
  }
}
