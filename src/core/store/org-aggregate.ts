import type { Clock } from "../clock.js";
import { MetadataProjection } from "./metadata-projection.js";
import type { OrgEvent, OrgEventPayload } from "./org-events.js";
import { OrgProjection } from "./org-projection.js";

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

  constructor(
    readonly orgId: string,
    private readonly clock: Clock,
  ) {}

  /** The sequence of the org's latest event: every event of the org counts, metadata or not. */
  get sequence(): number {
    return this.lastSequence;
  }

  push(payloads: readonly OrgEventPayload[]): OrgEvent[] {
    const createdAt = this.clock();
    const pushed = payloads.map((payload): OrgEvent => ({ ...payload, sequence: ++this.lastSequence, createdAt }));
    for (const event of pushed) {
      this.metadata.reduce(event);
      this.org.reduce(event);
    }
    return pushed;
  }
}
