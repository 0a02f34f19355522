import { type Clock, systemClock } from "./clock.js";
import type { InstanceSeed, SeedMembership } from "./instance-seed.js";
import { OrgAggregate } from "./store/org-aggregate.js";
import { UserAggregate } from "./user/user-aggregate.js";

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
  /** The user's event stream and metadata (resource owner: `orgId`). */
  readonly aggregate: UserAggregate;
}

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

  constructor(
    private seed: InstanceSeed,
    private readonly clock: Clock = systemClock,
  ) {
    this.seededAt = clock();
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

  private build(): void {
    this.orgsById = new Map();
    this.usersById = new Map();
    this.usersByToken = new Map();
    let seeding = true;
    const clock: Clock = () => (seeding ? this.seededAt : this.clock());
    for (const { id, name, primaryDomain } of this.seed.orgs) {
      const aggregate = new OrgAggregate(id, clock);
      aggregate.push([{ type: "org.added", name }]);
      this.orgsById.set(id, { id, name, primaryDomain, aggregate });
    }
    for (const { orgId, key, value } of this.seed.metadata) {
      this.orgsById.get(orgId)?.aggregate.push([{ type: "org.metadata.set", key, value }]);
    }
    for (const { id, orgId, userName, tokens, memberships } of this.seed.users) {
      const aggregate = new UserAggregate(id, clock);
      aggregate.push([{ type: "user.added", userName }]);
      const user: User = { id, orgId, userName, memberships, aggregate };
      this.usersById.set(id, user);
      for (const token of tokens) this.usersByToken.set(token, user);
    }
    for (const { userId, key, value } of this.seed.userMetadata ?? []) {
      this.usersById.get(userId)?.aggregate.push([{ type: "user.metadata.set", key, value }]);
    }
    seeding = false;
  }
}
