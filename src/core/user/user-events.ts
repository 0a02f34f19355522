/** Events of the user aggregate, as ZITADEL stores them (internal/repository/user). */
export type UserEventPayload =
  | { type: "user.added"; userName: string }
  | { type: "user.metadata.set"; key: string; value: Uint8Array }
  | { type: "user.metadata.removed"; key: string };

export type UserEvent = UserEventPayload & {
  /** Per-aggregate sequence: counts every event of this user, not only metadata events. */
  readonly sequence: number;
  readonly createdAt: Date;
};
