import type { WireProtocol } from "../server/protocol-routing.js";

/** One API call in the journal (`GET /__mock/requests`); the shape is fixed. */
export interface JournalEntry {
  id: string;
  /** When the call arrived, RFC 3339. */
  time: string;
  transport: WireProtocol;
  method: string;
  path: string;
  /** The RPC name, e.g. `GetOrgMetadata`; null when the call reached none (unknown route, unreadable body). */
  rpc: string | null;
  orgId: string | null;
  userId: string | null;
  httpStatus: number;
  /** 0 for success, else the status code of the error; null when the call was dropped or cut off. */
  grpcCode: number | null;
  /** ZITADEL's error id (e.g. `QUERY-Rph32`), when the error has one. */
  errorId: string | null;
  durationMs: number;
  /** The request message as protojson (size-capped); never the token. */
  request: unknown;
  /** The response message as protojson, or the error as `{code, message, details}` (size-capped). */
  response: unknown;
}

export interface JournalQuery {
  rpc?: string | undefined;
  /** HTTP status, e.g. 404, or a class such as "4xx". */
  status?: string | undefined;
  /** An entry id: only entries after it. */
  since?: string | undefined;
  /** At most this many, the latest ones. */
  limit?: number | undefined;
}

export const DEFAULT_JOURNAL_SIZE = 1000;

/** Bodies larger than this (as JSON text) are replaced by `{ "truncated": true, "bytes": n }`. */
export const JOURNAL_BODY_LIMIT = 16 * 1024;

export const capBody = (body: unknown): unknown => {
  if (body === undefined) return null;
  const text = JSON.stringify(body);
  return text !== undefined && text.length > JOURNAL_BODY_LIMIT ? { truncated: true, bytes: Buffer.byteLength(text) } : body;
};

/**
 * A body the journal renders only when it is read (protojson of a message kept as it is), at most
 * once: the hot path keeps the message, `GET /__mock/requests` pays for the JSON.
 */
export class DeferredBody<A = unknown, B = unknown> {
  private rendered?: { readonly value: unknown };

  /** `render(a, b)` makes the body (its arguments kept as fields, not in a closure: one object per call less). */
  constructor(
    private readonly render: (a: A, b: B) => unknown,
    private readonly a: A,
    private readonly b: B,
  ) {}

  value(): unknown {
    this.rendered ??= { value: this.render(this.a, this.b) };
    return this.rendered.value;
  }
}

/** What a transport records: an entry with its start time as a number and its bodies possibly deferred. */
export interface JournalRecord extends Omit<JournalEntry, "id" | "time" | "request" | "response"> {
  /** When the call arrived, in epoch milliseconds. */
  readonly startedAt: number;
  readonly request: unknown;
  readonly response: unknown;
}

const statusMatches = (status: string, httpStatus: number): boolean =>
  /^[1-5]xx$/i.test(status) ? Math.floor(httpStatus / 100) === Number(status[0]) : Number(status) === httpStatus;

const bodyValue = (body: unknown): unknown => (body instanceof DeferredBody ? body.value() : body);

/** The last `size` API calls, oldest first (a ring buffer: the oldest entry goes when it is full). */
export class RequestJournal {
  /**
   * A ring of records: the oldest at `start`. Their ids are consecutive, the newest `nextId - 1`, so
   * none is stored (one object less per call kept).
   */
  private records: JournalRecord[] = [];
  private start = 0;
  private nextId = 1;

  constructor(readonly size: number = DEFAULT_JOURNAL_SIZE) {}

  add(record: JournalRecord): void {
    this.nextId++;
    if (this.records.length < this.size) this.records.push(record);
    else if (this.size > 0) {
      this.records[this.start] = record;
      this.start = (this.start + 1) % this.size;
    }
  }

  list(query: JournalQuery = {}): JournalEntry[] {
    const since = query.since === undefined ? 0 : Number(query.since);
    const count = this.records.length;
    const found: { readonly id: number; readonly record: JournalRecord }[] = [];
    for (let i = 0; i < count; i++) {
      const id = this.nextId - count + i;
      const record = this.records[(this.start + i) % count]!;
      const { rpc, httpStatus } = record;
      if (id > since && (query.rpc === undefined || rpc === query.rpc) && (query.status === undefined || statusMatches(query.status, httpStatus))) {
        found.push({ id, record });
      }
    }
    // Only the entries returned are rendered.
    const returned = query.limit === undefined ? found : found.slice(Math.max(0, found.length - query.limit));
    return returned.map(({ id, record }) => entryOf(id, record));
  }

  clear(): void {
    this.records = [];
    this.start = 0;
  }
}

/** A record in the journal's fixed shape, its bodies rendered now. */
const entryOf = (id: number, { startedAt, request, response, ...rest }: JournalRecord): JournalEntry => ({
  id: String(id),
  time: new Date(startedAt).toISOString(),
  transport: rest.transport,
  method: rest.method,
  path: rest.path,
  rpc: rest.rpc,
  orgId: rest.orgId,
  userId: rest.userId,
  httpStatus: rest.httpStatus,
  grpcCode: rest.grpcCode,
  errorId: rest.errorId,
  durationMs: rest.durationMs,
  request: bodyValue(request),
  response: bodyValue(response),
});
