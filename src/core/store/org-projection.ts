import type { OrgEvent } from "./org-events.js";

/**
 * The org read model (ZITADEL's `projections.orgs`): it reduces the org's own events only, so
 * metadata writes do not move its sequence or change date.
 */
export class OrgProjection {
  private creation: Date | undefined;
  private change: Date | undefined;
  private lastSequence = 0;

  reduce(event: OrgEvent): void {
    if (event.type.startsWith("org.metadata.")) return;
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
