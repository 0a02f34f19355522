import type { OrgEvent } from "./org-events.js";

/**
 * The org read model behind GetMyOrg. ZITADEL reads it from the event store (Queries.OrgByID,
 * internal/v2/readmodel/org.go): every event of the org aggregate, metadata events included, sets
 * its sequence and change date (decision 006).
 */
export class OrgProjection {
  private creation: Date | undefined;
  private change: Date | undefined;
  private lastSequence = 0;

  reduce(event: OrgEvent): void {
    this.creation ??= event.createdAt;
    this.change = event.createdAt;
    this.lastSequence = event.sequence;
  }

  get creationDate(): Date | undefined {
    return this.creation;
  }

  get changeDate(): Date | undefined {
    return this.change;
  }

  get sequence(): number {
    return this.lastSequence;
  }
}
