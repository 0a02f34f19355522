import type { Clock } from "../clock.js";
import { MetadataProjection, type ProjectionSnapshot, type SeedColumns, type SeedEntry, seedColumns } from "../store/metadata-projection.js";
import type { OrgEvent } from "../store/org-events.js";
import { bytesOf } from "../store/stored-value.js";
import { type UserEvent, type UserEventPayload, userEventOf } from "./user-events.js";

/** Read by users that never had metadata, so they cost no projection of their own. */
const NO_METADATA = new MetadataProjection();

/**
 * ZITADEL's projections.user_metadata5 reduces user.metadata.set/removed exactly as org_metadata2
 * reduces the org events (upsert with creation_date on insert only, delete on remove), so the user's
 * rows live in the same projection type, fed through this translation.
 */
const toProjectionEvent = (event: UserEvent): OrgEvent | undefined => {
  switch (event.type) {
    case "user.metadata.set":
      return { type: "org.metadata.set", key: event.key, value: event.value, sequence: event.sequence, createdAt: event.createdAt };
    case "user.metadata.removed":
      return { type: "org.metadata.removed", key: event.key, sequence: event.sequence, createdAt: event.createdAt };
    default:
      return undefined;
  }
};

/** A user aggregate's whole state (see UserAggregate.snapshot). */
export interface UserSnapshot {
  readonly metadata: ProjectionSnapshot | undefined;
  readonly sequence: number;
  readonly latestMetadataEvent: UserEvent | undefined;
}

/**
 * One user's event stream, reduced into the user's metadata rows as events are pushed. Like the org
 * aggregate: all-or-nothing pushes with one timestamp each, events not retained.
 */
export class UserAggregate {
  private projection: MetadataProjection | undefined;
  private lastSequence = 0;
  private lastMetadata: UserEvent | undefined;

  constructor(
    readonly userId: string,
    private readonly clock: Clock,
  ) {}

  /** The sequence of the user's latest event: every event of the user counts. */
  get sequence(): number {
    return this.lastSequence;
  }

  /** The user's metadata rows. */
  get metadata(): MetadataProjection {
    return this.projection ?? NO_METADATA;
  }

  /**
   * The user's latest metadata event (set or removed, any key): what ZITADEL's metadata write model
   * reports when a write changes nothing.
   */
  get latestMetadataEvent(): UserEvent | undefined {
    return this.lastMetadata;
  }

  push(payloads: readonly UserEventPayload[]): UserEvent[] {
    const createdAt = this.clock();
    const pushed = payloads.map((payload) => userEventOf(payload, ++this.lastSequence, createdAt));
    for (const event of pushed) {
      const projected = toProjectionEvent(event);
      if (!projected) continue;
      this.projection ??= new MetadataProjection();
      this.projection.reduce(projected);
      this.lastMetadata = event;
    }
    return pushed;
  }

  /**
   * Sets the seed's keys: the state that pushing one `user.metadata.set` per entry (each on its
   * own) at one instant leaves, built in bulk as the org's (decision 026).
   */
  seedMetadata(entries: readonly SeedEntry[] | SeedColumns): void {
    const columns = seedColumns(entries);
    const { keys, values } = columns;
    const last = keys.length - 1;
    if (last < 0) return;
    const createdAt = this.clock();
    this.projection ??= new MetadataProjection();
    this.projection.seed(columns, this.lastSequence, createdAt);
    this.lastSequence += keys.length;
    const value = values[last]!;
    this.lastMetadata = { type: "user.metadata.set", key: keys[last]!, value: typeof value === "string" ? bytesOf(value) : value, sequence: this.lastSequence, createdAt };
  }

  /** The state now, in O(blocks) and without copying a row: `restore` brings it back. */
  snapshot(): UserSnapshot {
    return { metadata: this.projection?.snapshot(), sequence: this.lastSequence, latestMetadataEvent: this.lastMetadata };
  }

  restore(snapshot: UserSnapshot): void {
    this.projection = undefined;
    if (snapshot.metadata) (this.projection = new MetadataProjection()).restore(snapshot.metadata);
    this.lastSequence = snapshot.sequence;
    this.lastMetadata = snapshot.latestMetadataEvent;
  }
}
