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

/** The event a payload becomes when pushed, its fields written out (see orgEventOf). */
export const userEventOf = (payload: UserEventPayload, sequence: number, createdAt: Date): UserEvent => {
  switch (payload.type) {
    case "user.added":
      return { type: payload.type, userName: payload.userName, sequence, createdAt };
    case "user.metadata.set":
      return { type: payload.type, key: payload.key, value: payload.value, sequence, createdAt };
    case "user.metadata.removed":
      return { type: payload.type, key: payload.key, sequence, createdAt };
  }
};
