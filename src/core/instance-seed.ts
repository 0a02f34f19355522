import type { SeedColumns } from "./store/metadata-projection.js";
import type { SortedSeed } from "./store/sorted-seed.js";
import type { StoredValue } from "./store/stored-value.js";

/**
 * What an instance is built from: plain data (the fixtures layer produces it). A metadata value is
 * its bytes, or the text the store keeps (standard padded base64, see isStoredValue), which is used
 * as it is: a fixture's values need no decoding.
 */
export interface InstanceSeed {
  readonly orgs: readonly SeedOrg[];
  readonly users: readonly SeedUser[];
  /**
   * Org metadata: entries, or per org id the org's entries as columns (what the fixture loader
   * makes of a large file: no object per entry, decision 032), or already sorted into byte columns
   * (decision 035). Entries of unknown orgs are dropped.
   */
  readonly metadata: readonly SeedMetadata[] | ReadonlyMap<string, SeedColumns | SortedSeed>;
  /** Metadata on users (in the user's org). Optional: seeds without it have none. */
  readonly userMetadata?: readonly SeedUserMetadata[];
}

export interface SeedOrg {
  readonly id: string;
  readonly name: string;
  readonly primaryDomain: string;
}

export type SeedMembership =
  | { readonly orgId: string; readonly roles: readonly string[]; readonly instance?: never }
  | { readonly instance: true; readonly roles: readonly string[]; readonly orgId?: never };

export interface SeedUser {
  readonly id: string;
  /** The user's own organization: the org context when a request names none. */
  readonly orgId: string;
  readonly userName: string;
  readonly tokens: readonly string[];
  readonly memberships: readonly SeedMembership[];
}

export interface SeedMetadata {
  readonly orgId: string;
  readonly key: string;
  readonly value: Uint8Array | StoredValue;
}

export interface SeedUserMetadata {
  readonly userId: string;
  readonly key: string;
  readonly value: Uint8Array | StoredValue;
}
