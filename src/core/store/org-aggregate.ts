import type { Clock } from "../clock.js";
import { MetadataProjection } from "./metadata-projection.js";
import type { OrgEvent, OrgEventPayload } from "./org-events.js";

/**
 * One organization's event stream and the state reduced from it. Pushing is all-or-nothing: the
 * caller validates first, then pushes every event of a command at once (one transaction in ZITADEL,
 * hence one timestamp).
 */
export class OrgAggregate {
  readonly metadata = new MetadataProjection();
  private readonly log: OrgEvent[] = [];

  constructor(
    readonly orgId: string,
    private readonly clock: Clock,
  ) {}

  get sequence(): number {
    return this.log.length === 0 ? 0 : this.log[this.log.length - 1]!.sequence;
  }

  get events(): readonly OrgEvent[] {
    return this.log;
  }

  get firstEvent(): OrgEvent | undefined {
    return this.log[0];
  }

  get lastEvent(): OrgEvent | undefined {
    return this.log[this.log.length - 1];
  }

  push(payloads: readonly OrgEventPayload[]): OrgEvent[] {
    const createdAt = this.clock();
    let sequence = this.sequence;
    const pushed = payloads.map((payload): OrgEvent => ({ ...payload, sequence: ++sequence, createdAt }));
    for (const event of pushed) {
      this.log.push(event);
      this.metadata.reduce(event);
    }
    return pushed;
  }
}
