import type { OrgEvent } from "./org-events.js";

/** The org read model's state, as a snapshot restores it. */
export interface OrgState {
  readonly creationDate: Date | undefined;
  readonly changeDate: Date | undefined;
  readonly sequence: number;
}

/**
 * The org read model behind GetMyOrg. ZITADEL reads it from the event store (Queries.OrgByID,
 * internal/v2/readmodel/org.go): every event of the org aggregate, metadata events included, sets
 * its sequence and change date (decision 006).
 */
export class OrgProjection implements OrgState {
  private creation: Date | undefined;
  private change: Date | undefined;
  private lastSequence = 0;

  reduce(event: Pick<OrgEvent, "sequence" | "createdAt">): void {
    this.creation ??= event.createdAt;
    this.change = event.createdAt;
    this.lastSequence = event.sequence;
  }

  restore(state: OrgState): void {
    this.creation = state.creationDate;
    this.change = state.changeDate;
    this.lastSequence = state.sequence;
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
