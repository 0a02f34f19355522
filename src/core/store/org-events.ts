/** Events of the org aggregate, as ZITADEL stores them (internal/repository/org). */
export type OrgEventPayload =
  | { type: "org.added"; name: string }
  | { type: "org.metadata.set"; key: string; value: Uint8Array }
  | { type: "org.metadata.removed"; key: string };

export type OrgEvent = OrgEventPayload & {
  /** Per-aggregate sequence: counts every event of this org, not only metadata events. */
  readonly sequence: number;
  readonly createdAt: Date;
};
