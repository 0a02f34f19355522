import { type Clock, markOf, systemClock } from "./clock.js";
import type { InstanceSeed, SeedMembership, SeedOrg, SeedUser } from "./instance-seed.js";
import type { SeedColumns } from "./store/metadata-projection.js";
import type { SortedSeed } from "./store/sorted-seed.js";
import type { StoredValue } from "./store/stored-value.js";
import { OrgAggregate, type OrgSnapshot } from "./store/org-aggregate.js";
import { UserAggregate, type UserSnapshot } from "./user/user-aggregate.js";

export interface Org {
  readonly id: string;
  readonly name: string;
  readonly primaryDomain: string;
  readonly aggregate: OrgAggregate;
}

export interface User {
  readonly id: string;
  /** The user's organization: the org context when a request names none. */
  readonly orgId: string;
  readonly userName: string;
  /** Bearer tokens that authenticate as this user. */
  readonly tokens: readonly string[];
  readonly memberships: readonly SeedMembership[];
  /** The user's event stream and metadata (resource owner: `orgId`). */
  readonly aggregate: UserAggregate;
}

/**
 * A seed as built once: each org and each user with the snapshot of its aggregate (rows shared, not
 * copied). Restoring one costs O(keys) array copies and no row (decision 026). Opaque.
 */
export interface SeededState {
  readonly orgs: readonly { readonly org: SeedOrg; readonly aggregate: OrgSnapshot }[];
  readonly users: readonly { readonly user: SeedUser; readonly aggregate: UserSnapshot }[];
}

interface Columns extends SeedColumns {
  readonly keys: string[];
  readonly values: (Uint8Array | StoredValue)[];
}

/** Seed metadata entries per owner (org or user) in seed order, as columns; entries of unknown owners dropped. */
const columnsByOwner = <E extends { readonly key: string; readonly value: Uint8Array | StoredValue }>(
  owners: readonly { readonly id: string }[],
  entries: readonly E[],
  ownerOf: (entry: E) => string,
): Map<string, Columns> => {
  const byOwner = new Map<string, Columns>(owners.map(({ id }) => [id, { keys: [], values: [] }]));
  for (const entry of entries) {
    const columns = byOwner.get(ownerOf(entry));
    columns?.keys.push(entry.key);
    columns?.values.push(entry.value);
  }
  return byOwner;
};

const isColumnsByOrg = (metadata: InstanceSeed["metadata"]): metadata is ReadonlyMap<string, SeedColumns | SortedSeed> => metadata instanceof Map;

/**
 * The mocked ZITADEL instance: organizations and users (each with its event stream), and the users' tokens.
 * Built from a seed; `reset()` rebuilds exactly the same state, seed timestamps included.
 */
export class Instance {
  private orgsById = new Map<string, Org>();
  private usersById = new Map<string, User>();
  private usersByToken = new Map<string, User>();
  /** Every seed event carries this instant, on the first build and on every reset. */
  private readonly seededAt: Date;
  private base: SeededState;

  constructor(
    seed: InstanceSeed,
    private readonly clock: Clock = systemClock,
  ) {
    this.seededAt = clock();
    this.rewindClock = markOf(clock);
    this.base = this.build(seed);
  }

  /** Sets a stepping clock back to where it stood once the seed was stamped (steppingClock); else nothing. */
  private readonly rewindClock: (() => void) | undefined;

  /** Restores the seeded state (new event streams, sequences start again, a stepping clock set back). */
  reset(): void {
    this.restore(this.base);
  }

  /** Rebuilds from another seed, which later resets restore (the control plane: PUT /__mock/state, --watch). */
  load(seed: InstanceSeed): void {
    this.rewindClock?.();
    this.base = this.build(seed);
  }

  /** What `reset()` restores now: the seed last loaded, as built. */
  get seeded(): SeededState {
    return this.base;
  }

  /** Back to a state `seeded` gave (of this instance), which later resets restore; a stepping clock set back too. */
  restore(state: SeededState): void {
    this.rewindClock?.();
    this.base = state;
    this.orgsById = new Map();
    for (const { org, aggregate: snapshot } of state.orgs) {
      const aggregate = new OrgAggregate(org.id, this.clock);
      aggregate.restore(snapshot);
      this.orgsById.set(org.id, { id: org.id, name: org.name, primaryDomain: org.primaryDomain, aggregate });
    }
    this.usersById = new Map();
    this.usersByToken = new Map();
    for (const { user, aggregate: snapshot } of state.users) {
      const aggregate = new UserAggregate(user.id, this.clock);
      aggregate.restore(snapshot);
      this.addUser(user, aggregate);
    }
  }

  org(id: string): Org | undefined {
    return this.orgsById.get(id);
  }

  get orgs(): readonly Org[] {
    return [...this.orgsById.values()];
  }

  /** Every user, in seed order. */
  get users(): readonly User[] {
    return [...this.usersById.values()];
  }

  /** Any user of the instance, whatever its org. */
  user(id: string): User | undefined {
    return this.usersById.get(id);
  }

  userByToken(token: string): User | undefined {
    return this.usersByToken.get(token);
  }

  /**
   * ZITADEL's list `viewTimestamp`: the projection's `last_updated`, which the trigger every list
   * request runs refreshes, new events or not. So it is the time of the request.
   */
  get viewTimestamp(): Date {
    return this.clock();
  }

  /** A clock that gives the seed instant while seeding, then the instance's clock. */
  private seedingClock(): { clock: Clock; done(): void } {
    let seeding = true;
    return { clock: () => (seeding ? this.seededAt : this.clock()), done: () => void (seeding = false) };
  }

  private build(seed: InstanceSeed): SeededState {
    const { clock, done } = this.seedingClock();
    const metadata = isColumnsByOrg(seed.metadata) ? seed.metadata : columnsByOwner(seed.orgs, seed.metadata, (entry) => entry.orgId);
    this.orgsById = new Map();
    for (const { id, name, primaryDomain } of seed.orgs) {
      const aggregate = new OrgAggregate(id, clock);
      aggregate.push([{ type: "org.added", name }]);
      const columns = metadata.get(id);
      if (columns) aggregate.seedMetadata(columns);
      this.orgsById.set(id, { id, name, primaryDomain, aggregate });
    }
    const userMetadata = columnsByOwner(seed.users, seed.userMetadata ?? [], (entry) => entry.userId);
    this.usersById = new Map();
    this.usersByToken = new Map();
    for (const user of seed.users) {
      const aggregate = new UserAggregate(user.id, clock);
      aggregate.push([{ type: "user.added", userName: user.userName }]);
      const columns = userMetadata.get(user.id);
      if (columns) aggregate.seedMetadata(columns);
      this.addUser({ ...user, tokens: [...user.tokens] }, aggregate);
    }
    done();
    const orgs = [...this.orgsById.values()].map(({ id, name, primaryDomain, aggregate }) => ({ org: { id, name, primaryDomain }, aggregate: aggregate.snapshot() }));
    const users = [...this.usersById.values()].map(({ aggregate, ...user }) => ({ user, aggregate: aggregate.snapshot() }));
    return { orgs, users };
  }

  private addUser({ id, orgId, userName, tokens, memberships }: SeedUser, aggregate: UserAggregate): void {
    const user: User = { id, orgId, userName, tokens, memberships, aggregate };
    this.usersById.set(id, user);
    for (const token of tokens) this.usersByToken.set(token, user);
  }
}
