import type { Instance, SeededState } from "../core/instance.js";
import type { InstanceSeed, SeedUser } from "../core/instance-seed.js";
import type { MetadataRow } from "../core/store/metadata-projection.js";
import type { Fixture, FixtureMetadata, FixtureUser, FixtureUserMetadata } from "../fixtures/fixture-types.js";
import { parseFixture } from "../fixtures/load-fixture.js";
import { toInstanceSeed } from "../fixtures/to-instance-seed.js";
import { FaultRules, type FaultRule, type FaultRuleInput } from "./fault-rules.js";
import { DEFAULT_JOURNAL_SIZE, RequestJournal, type JournalEntry, type JournalQuery } from "./request-journal.js";

/** Users in the fixture format (copies: the caller may change them). */
const fixtureUsers = (users: readonly SeedUser[]): FixtureUser[] =>
  users.map(({ id, orgId, userName, tokens, memberships }) => ({
    id,
    orgId,
    userName,
    tokens: [...tokens],
    memberships: memberships.map((m) => (m.instance === true ? { instance: true as const, roles: [...m.roles] } : { orgId: m.orgId, roles: [...m.roles] })),
  }));

const metadataEntries = (orgId: string, rows: Iterable<MetadataRow>): FixtureMetadata[] =>
  Array.from(rows, (row) => ({ orgId, key: row.key, value: row.storedValue }));

const userMetadataEntries = (userId: string, rows: Iterable<MetadataRow>): FixtureUserMetadata[] =>
  Array.from(rows, (row) => ({ userId, key: row.key, value: row.storedValue }));

/** A metadata row as the inspector shows it: the value (base64) with its sequence and dates. */
export interface MetadataRowView {
  key: string;
  value: string;
  sequence: number;
  creationDate: string;
  changeDate: string;
}

/** A user of an org as the inspector shows it: its own event sequence and its metadata rows. */
export interface UserView {
  id: string;
  userName: string;
  sequence: number;
  metadata: MetadataRowView[];
}

/** An org as the inspector shows it: the metadata rows with their sequence and dates, and its users. */
export interface OrgView {
  id: string;
  name: string;
  primaryDomain: string;
  sequence: number;
  metadata: MetadataRowView[];
  users: UserView[];
}

type MetadataRows = ReturnType<Instance["orgs"][number]["aggregate"]["metadata"]["all"]>;

const rowsView = (rows: MetadataRows): MetadataRowView[] =>
  [...rows].map((row) => ({
    key: row.key,
    value: row.storedValue,
    sequence: row.sequence,
    creationDate: row.creationDate.toISOString(),
    changeDate: row.changeDate.toISOString(),
  }));

/**
 * What the control API does, without HTTP: the state in the fixture format, reset, the request
 * journal and the fault rules of one mock. `mock.control` in-process, `/__mock/*` over HTTP.
 */
export class ControlPlane {
  readonly journal: RequestJournal;
  readonly faults = new FaultRules();
  /** What a reset restores: the fixture file (reloaded by --watch) or object, as built (decision 026). */
  private base: SeededState;
  private startupRules: readonly FaultRuleInput[] = [];
  private readonly listeners = new Set<(event: "state") => void>();

  constructor(
    readonly instance: Instance,
    journalSize: number = DEFAULT_JOURNAL_SIZE,
  ) {
    this.base = instance.seeded;
    this.journal = new RequestJournal(journalSize);
  }

  /** The whole current state in the fixture format: a file `--fixtures` accepts. */
  getState(): Fixture {
    const orgs = this.instance.orgs;
    const users = this.instance.users;
    return {
      orgs: orgs.map(({ id, name, primaryDomain }) => ({ id, name, primaryDomain })),
      users: fixtureUsers(users),
      metadata: orgs.flatMap((org) => metadataEntries(org.id, org.aggregate.metadata.all())),
      userMetadata: users.flatMap(({ id, aggregate }) => userMetadataEntries(id, aggregate.metadata.all())),
    };
  }

  /** What a reset restores, in the fixture format (built on every read: nothing keeps the fixture itself). */
  get fixture(): Fixture {
    const { orgs, users } = this.base;
    return {
      orgs: orgs.map(({ org: { id, name, primaryDomain } }) => ({ id, name, primaryDomain })),
      users: fixtureUsers(users.map(({ user }) => user)),
      metadata: orgs.flatMap(({ org, aggregate }) => metadataEntries(org.id, aggregate.metadata.byKey)),
      userMetadata: users.flatMap(({ user, aggregate }) => userMetadataEntries(user.id, aggregate.metadata?.byKey ?? [])),
    };
  }

  /**
   * Replaces the whole state with `data`, checked exactly like a fixture file (a FixtureError names
   * the field; the state is unchanged then). `source` names the data in that message.
   */
  setState(data: unknown, source = "state"): Fixture {
    const fixture = parseFixture(structuredClone(data), source);
    this.instance.load(toInstanceSeed(fixture));
    this.changed();
    return this.getState();
  }

  /**
   * Back to how the mock started: the fixture state, the fault rules given at start (`--faults`) and
   * an empty journal, so that one test's rules and calls never leak into the next.
   */
  reset(): void {
    this.instance.restore(this.base);
    this.changed();
    this.setStartupRules(this.startupRules);
    this.journal.clear();
  }

  /** The rules in place at start (`--faults`), on a new plane: reset restores them. */
  setStartupRules(rules: readonly FaultRuleInput[]): void {
    this.startupRules = rules;
    this.faults.clear();
    for (const rule of rules) this.faults.add(rule);
  }

  /** A new fixture: it is what resets restore from now on, and the state now. */
  replaceFixture(fixture: Fixture): void {
    this.replaceSeed(toInstanceSeed(fixture));
  }

  /** The same for a fixture file as the server loads it (--watch: `loadFixtureSeed`, no parsed copy of its metadata). */
  replaceSeed(seed: InstanceSeed): void {
    this.instance.load(seed);
    this.base = this.instance.seeded;
    this.changed();
  }

  orgs(): OrgView[] {
    const users = this.instance.users;
    return this.instance.orgs.map((org) => ({
      id: org.id,
      name: org.name,
      primaryDomain: org.primaryDomain,
      sequence: org.aggregate.sequence,
      metadata: rowsView(org.aggregate.metadata.all()),
      users: users
        .filter((user) => user.orgId === org.id)
        .map((user) => ({ id: user.id, userName: user.userName, sequence: user.aggregate.sequence, metadata: rowsView(user.aggregate.metadata.all()) })),
    }));
  }

  requests(query?: JournalQuery): JournalEntry[] {
    return this.journal.list(query);
  }

  clearRequests(): void {
    this.journal.clear();
  }

  /** Adds a rule after the others; throws FaultRuleError for a rule that cannot apply. */
  addFault(rule: FaultRuleInput): FaultRule {
    return this.faults.add(rule);
  }

  faultRules(): FaultRule[] {
    return this.faults.list();
  }

  /** false when there is no rule with that id. */
  removeFault(id: string): boolean {
    return this.faults.remove(id);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Called after every change of the whole state (set, reset): the state file rewrites itself. */
  onStateReplaced(listener: () => void): void {
    this.listeners.add(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener("state");
  }
}
