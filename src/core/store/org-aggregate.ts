import type { Clock } from "../clock.js";
import { MetadataProjection, type ProjectionSnapshot, type SeedRows, seedEntryCount } from "./metadata-projection.js";
import { type OrgEvent, type OrgEventPayload, orgEventOf } from "./org-events.js";
import { OrgProjection, type OrgState } from "./org-projection.js";

/** An org aggregate's whole state: its read models and sequence (see OrgAggregate.snapshot). */
export interface OrgSnapshot {
  readonly metadata: ProjectionSnapshot;
  readonly org: OrgState;
  readonly sequence: number;
}

/**
 * One organization's event stream, reduced into its read models as events are pushed. Pushing is
 * all-or-nothing: the caller validates first, then pushes every event of a command at once (one
 * transaction in ZITADEL, hence one timestamp). Events are not retained once reduced, so memory
 * follows the current state, not the write history.
 */
export class OrgAggregate {
  readonly metadata = new MetadataProjection();
  readonly org = new OrgProjection();
  private lastSequence = 0;
  /** The latest push's timestamp: a push in the same millisecond shares it (a Date costs ~100 B per row). */
  private lastCreatedAt: Date | undefined;

  constructor(
    readonly orgId: string,
    private readonly clock: Clock,
  ) {}

  /** The sequence of the org's latest event: every event of the org counts, metadata or not. */
  get sequence(): number {
    return this.lastSequence;
  }

  push(payloads: readonly OrgEventPayload[]): OrgEvent[] {
    const createdAt = this.now();
    const pushed = payloads.map((payload) => orgEventOf(payload, ++this.lastSequence, createdAt));
    for (const event of pushed) {
      this.metadata.reduce(event);
      this.org.reduce(event);
    }
    return pushed;
  }

  /**
   * Sets the seed's keys on a new org: the state that pushing one `org.metadata.set` per entry
   * (in one transaction) leaves, built in bulk (decision 026).
   */
  seedMetadata(entries: SeedRows): void {
    if (seedEntryCount(entries) === 0) return;
    const createdAt = this.now();
    this.lastSequence += this.metadata.seed(entries, this.lastSequence, createdAt);
    this.org.reduce({ sequence: this.lastSequence, createdAt });
  }

  private now(): Date {
    const now = this.clock();
    if (this.lastCreatedAt?.getTime() !== now.getTime()) this.lastCreatedAt = now;
    return this.lastCreatedAt;
  }

  /** The state now, in O(blocks) and without copying a row: `restore` brings it back. */
  snapshot(): OrgSnapshot {
    return { metadata: this.metadata.snapshot(), org: { creationDate: this.org.creationDate, changeDate: this.org.changeDate, sequence: this.org.sequence }, sequence: this.lastSequence };
  }

  restore(snapshot: OrgSnapshot): void {
    this.metadata.restore(snapshot.metadata);
    this.org.restore(snapshot.org);
    this.lastSequence = snapshot.sequence;
  }
}
