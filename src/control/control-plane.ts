import type { Instance } from "../core/instance.js";
import type { Fixture } from "../fixtures/fixture-types.js";
import { parseFixture } from "../fixtures/load-fixture.js";
import { toInstanceSeed } from "../fixtures/to-instance-seed.js";
import { FaultRules, type FaultRule, type FaultRuleInput } from "./fault-rules.js";
import { DEFAULT_JOURNAL_SIZE, RequestJournal, type JournalEntry, type JournalQuery } from "./request-journal.js";

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");

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
    value: base64(row.value),
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
  /** What a reset restores: the fixture file (reloaded by --watch) or object. */
  private base: Fixture;
  /** The fixture the state was last built from (the base, or a PUT /__mock/state). */
  private current: Fixture;
  private startupRules: readonly FaultRuleInput[] = [];
  private readonly listeners = new Set<(event: "state") => void>();

  constructor(
    readonly instance: Instance,
    fixture: Fixture,
    journalSize: number = DEFAULT_JOURNAL_SIZE,
  ) {
    this.base = fixture;
    this.current = fixture;
    this.journal = new RequestJournal(journalSize);
  }

  /** The whole current state in the fixture format: a file `--fixtures` accepts. */
  getState(): Fixture {
    const orgs = this.instance.orgs;
    return {
      ...structuredClone(this.current),
      orgs: orgs.map(({ id, name, primaryDomain }) => ({ id, name, primaryDomain })),
      metadata: orgs.flatMap((org) => [...org.aggregate.metadata.all()].map((row) => ({ orgId: org.id, key: row.key, value: base64(row.value) }))),
      userMetadata: this.current.users.flatMap(({ id }) =>
        [...(this.instance.user(id)?.aggregate.metadata.all() ?? [])].map((row) => ({ userId: id, key: row.key, value: base64(row.value) })),
      ),
    };
  }

  /**
   * Replaces the whole state with `data`, checked exactly like a fixture file (a FixtureError names
   * the field; the state is unchanged then). `source` names the data in that message.
   */
  setState(data: unknown, source = "state"): Fixture {
    const fixture = parseFixture(structuredClone(data), source);
    this.instance.load(toInstanceSeed(fixture));
    this.current = fixture;
    this.changed();
    return this.getState();
  }

  /**
   * Back to how the mock started: the fixture state, the fault rules given at start (`--faults`) and
   * an empty journal, so that one test's rules and calls never leak into the next.
   */
  reset(): void {
    this.restoreFixture();
    this.faults.clear();
    for (const rule of this.startupRules) this.faults.add(rule);
    this.journal.clear();
  }

  /** The rules in place at start (`--faults`), on a new plane: reset restores them. */
  setStartupRules(rules: readonly FaultRuleInput[]): void {
    this.startupRules = rules;
    this.faults.clear();
    for (const rule of rules) this.faults.add(rule);
  }

  private restoreFixture(): void {
    this.instance.load(toInstanceSeed(this.base));
    this.current = this.base;
    this.changed();
  }

  /** A new fixture (--watch): it is what resets restore from now on, and the state now. */
  replaceFixture(fixture: Fixture): void {
    this.base = fixture;
    this.restoreFixture();
  }

  orgs(): OrgView[] {
    const users = this.current.users.flatMap(({ id }) => this.instance.user(id) ?? []);
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
