import { type Clock, systemClock } from "./clock.js";
import type { InstanceSeed, SeedMembership } from "./instance-seed.js";
import { OrgAggregate } from "./store/org-aggregate.js";

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
  readonly memberships: readonly SeedMembership[];
}

/**
 * The mocked ZITADEL instance: organizations (each with its event stream), users and their tokens.
 * Built from a seed; `reset()` rebuilds exactly the same state, seed timestamps included.
 */
export class Instance {
  private orgsById = new Map<string, Org>();
  private usersByToken = new Map<string, User>();
  private lastPushAt: Date;
  /** Every seed event carries this instant, on the first build and on every reset. */
  private readonly seededAt: Date;

  constructor(
    private seed: InstanceSeed,
    private readonly clock: Clock = systemClock,
  ) {
    this.seededAt = clock();
    this.lastPushAt = this.seededAt;
    this.build();
  }

  /** Restores the seeded state (new event streams, sequences start again). */
  reset(): void {
    this.build();
  }

  /** Rebuilds from another seed, which later resets restore (the control plane: PUT /__mock/state, --watch). */
  load(seed: InstanceSeed): void {
    this.seed = seed;
    this.build();
  }

  org(id: string): Org | undefined {
    return this.orgsById.get(id);
  }

  get orgs(): readonly Org[] {
    return [...this.orgsById.values()];
  }

  userByToken(token: string): User | undefined {
    return this.usersByToken.get(token);
  }

  /** When the projections last processed an event: ZITADEL's list `viewTimestamp`. */
  get viewTimestamp(): Date {
    return this.lastPushAt;
  }

  private build(): void {
    this.orgsById = new Map();
    this.usersByToken = new Map();
    this.lastPushAt = this.seededAt;
    let seeding = true;
    // Every push goes through this clock, so `viewTimestamp` follows the projections.
    const clock: Clock = () => {
      const now = seeding ? this.seededAt : this.clock();
      if (now > this.lastPushAt) this.lastPushAt = now;
      return now;
    };
    for (const { id, name, primaryDomain } of this.seed.orgs) {
      const aggregate = new OrgAggregate(id, clock);
      aggregate.push([{ type: "org.added", name }]);
      this.orgsById.set(id, { id, name, primaryDomain, aggregate });
    }
    for (const { orgId, key, value } of this.seed.metadata) {
      this.orgsById.get(orgId)?.aggregate.push([{ type: "org.metadata.set", key, value }]);
    }
    for (const { id, orgId, userName, tokens, memberships } of this.seed.users) {
      const user: User = { id, orgId, userName, memberships };
      for (const token of tokens) this.usersByToken.set(token, user);
    }
    seeding = false;
  }
}
