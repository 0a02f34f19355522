import { Errors, fail } from "../errors.js";
import type { Instance, Org, User } from "../instance.js";
import type { UserEvent } from "../user/user-events.js";
import type { Metadata, ObjectDetails } from "./object-details.js";
import {
  type ListMetadataRequest,
  type MetadataEntry,
  type MetadataList,
  isValidEntry,
  listMetadata,
  toMetadata,
} from "./org-metadata-operations.js";

/**
 * The six user-metadata operations, with ZITADEL's command and query semantics
 * (internal/command/user_metadata.go, internal/query/user_metadata.go). They differ from the org ones:
 * a Set whose value is unchanged writes no event, the error ids are the user's, and the user must
 * exist (`user` undefined: not found, or not in the caller's scope).
 */

/**
 * The v1 scope: the user, if it belongs to the context org. ZITADEL's write model filters the user's
 * events by resource owner, so a user of another org is as missing as a user that does not exist.
 */
export const userInOrg = (instance: Instance, org: Org, userId: string): User | undefined => {
  const user = instance.user(userId);
  return user?.orgId === org.id ? user : undefined;
};

/**
 * The permission check a command runs once the user is known to exist (ZITADEL passes one in from the
 * v2 API: `user.write` in the user's org; v1 has checked its permission in the interceptor already).
 */
export type PermissionCheck = (user: User) => void;
const noCheck: PermissionCheck = () => undefined;

/** ZITADEL's checkUserExists. */
const existing = (user: User | undefined): User => user ?? fail(Errors.userNotFound);

const setDetails = (user: User, event: UserEvent): ObjectDetails => ({
  sequence: event.sequence,
  creationDate: event.createdAt,
  resourceOwner: user.orgId,
});

const changeDetails = (user: User, event: UserEvent): ObjectDetails => ({
  sequence: event.sequence,
  changeDate: event.createdAt,
  resourceOwner: user.orgId,
});

/** A write that changes nothing reports the user's latest metadata event (ZITADEL's write model). */
const latestMetadataEvent = (user: User): UserEvent =>
  user.aggregate.latestMetadataEvent ?? fail(Errors.internal); // unreachable: an unchanged key was written by an event

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

const isUnchanged = (user: User, { key, value }: MetadataEntry): boolean => {
  const row = user.aggregate.metadata.get(key);
  return row !== undefined && sameBytes(row.value, value);
};

/** Adds or overwrites a key; an unchanged value pushes nothing and reports the latest metadata event. */
export const setUserMetadata = (user: User | undefined, entry: MetadataEntry): ObjectDetails => {
  const owner = existing(user);
  if (isUnchanged(owner, entry)) return setDetails(owner, latestMetadataEvent(owner));
  if (!isValidEntry(entry)) fail(Errors.userMetadataInvalidOnSet);
  const [event] = owner.aggregate.push([{ type: "user.metadata.set", key: entry.key, value: entry.value }]);
  return setDetails(owner, event!);
};

/**
 * Sets every changed entry or none; unchanged entries are skipped (compared with the state before the
 * call, so a key repeated in the list ends with its last value).
 */
export const bulkSetUserMetadata = (
  user: User | undefined,
  entries: readonly MetadataEntry[],
  check: PermissionCheck = noCheck,
): ObjectDetails => {
  if (entries.length === 0) fail(Errors.userMetadataListEmpty);
  const owner = existing(user);
  check(owner);
  const changed = entries.filter((entry) => !isUnchanged(owner, entry));
  if (!changed.every(isValidEntry)) fail(Errors.userMetadataInvalidOnSet);
  if (changed.length === 0) return changeDetails(owner, latestMetadataEvent(owner));
  const events = owner.aggregate.push(changed.map(({ key, value }) => ({ type: "user.metadata.set" as const, key, value })));
  return changeDetails(owner, events[events.length - 1]!);
};

/** No user check: a user out of scope simply has no row. */
export const getUserMetadata = (user: User | undefined, key: string): Metadata => {
  const row = user?.aggregate.metadata.get(key) ?? fail(Errors.userMetadataNotFoundOnGet);
  return toMetadata({ id: user!.orgId }, row);
};

/** No user check: a user out of scope lists nothing. Order and limits as for org metadata. */
export const listUserMetadata = (user: User | undefined, request: ListMetadataRequest, viewTimestamp: Date): MetadataList =>
  listMetadata(user?.aggregate.metadata, request, viewTimestamp);

export const removeUserMetadata = (user: User | undefined, key: string): ObjectDetails => {
  if (key === "") fail(Errors.userMetadataInvalidOnRemove);
  const owner = existing(user);
  if (!owner.aggregate.metadata.has(key)) fail(Errors.userMetadataNotFoundOnRemove);
  const [event] = owner.aggregate.push([{ type: "user.metadata.removed", key }]);
  return changeDetails(owner, event!);
};

/** Removes every key or none: one missing key fails the whole request. */
export const bulkRemoveUserMetadata = (
  user: User | undefined,
  keys: readonly string[],
  check: PermissionCheck = noCheck,
): ObjectDetails => {
  if (keys.length === 0) fail(Errors.userMetadataListEmpty);
  const owner = existing(user);
  check(owner);
  for (const key of keys) {
    if (key === "") fail(Errors.userMetadataInvalidOnBulkRemove);
    if (!owner.aggregate.metadata.has(key)) fail(Errors.userMetadataKeysNotExisting);
  }
  const events = owner.aggregate.push(keys.map((key) => ({ type: "user.metadata.removed" as const, key })));
  return changeDetails(owner, events[events.length - 1]!);
};
