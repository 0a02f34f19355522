import { base64Decode } from "@bufbuild/protobuf/wire";
import type { Fixture, FixtureMembership } from "../fixtures/fixture-types.js";
import { type Clock, systemClock } from "./clock.js";
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
  readonly memberships: readonly FixtureMembership[];
}

/**
 * The mocked ZITADEL instance: organizations (each with its event stream), users and their tokens.
 * Built from a fixture; `reset()` rebuilds it from the same fixture.
 */
export class Instance {
  private orgsById = new Map<string, Org>();
  private usersByToken = new Map<string, User>();
  private lastPushAt: Date;

  constructor(
    private readonly fixture: Fixture,
    private readonly clock: Clock = systemClock,
  ) {
    this.lastPushAt = clock();
    this.seed();
  }

  /** Restores the state the fixture describes (new event streams, sequences start again). */
  reset(): void {
    this.orgsById = new Map();
    this.usersByToken = new Map();
    this.seed();
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

  /** Records a push: every write goes through here so `viewTimestamp` follows the projections. */
  noteProjected(at: Date): void {
    if (at > this.lastPushAt) this.lastPushAt = at;
  }

  private seed(): void {
    const clock: Clock = () => {
      const now = this.clock();
      this.noteProjected(now);
      return now;
    };
    for (const { id, name, primaryDomain } of this.fixture.orgs) {
      const aggregate = new OrgAggregate(id, clock);
      aggregate.push([{ type: "org.added", name }]);
      this.orgsById.set(id, { id, name, primaryDomain, aggregate });
    }
    for (const { orgId, key, value } of this.fixture.metadata) {
      this.orgsById.get(orgId)?.aggregate.push([{ type: "org.metadata.set", key, value: base64Decode(value) }]);
    }
    for (const { id, orgId, userName, tokens, memberships } of this.fixture.users) {
      const user: User = { id, orgId, userName, memberships };
      for (const token of tokens) this.usersByToken.set(token, user);
    }
  }
}
