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

/**
 * A body given as its protobuf encoding (`bytes`, of the message `schema`), rendered when the journal
 * is read (`render(schema, bytes)`), as the gRPC stream path gives its request and response (decisions
 * 040, 042). The journal does not keep these bytes: it copies them into a buffer of its own (see
 * RequestJournal.add).
 */
export class BinaryBody<S = unknown> {
  constructor(
    readonly render: (schema: S, bytes: Uint8Array) => unknown,
    readonly schema: S,
    readonly bytes: Uint8Array,
  ) {}

  value(): unknown {
    return this.render(this.schema, this.bytes);
  }
}

/** The smallest buffer a journal place gets for a copied body, and the largest it keeps for small ones. */
const MIN_COPY_BYTES = 64;
const KEPT_COPY_BYTES = 1024;

/**
 * A BinaryBody copied into a buffer that belongs to one place of the journal's ring, and is reused by
 * the records that take that place in turn (decision 042): a record whose bodies are copied so holds
 * nothing the call allocated. What a call allocates and the journal keeps for its last N calls is
 * what the garbage collector copies and promotes: the decoded request and the encoded response (their
 * typed arrays and buffers) were most of what survived each young-generation collection under gRPC
 * load (0.57 MB per scavenge instead of 0.16 MB without them; a third of it promoted).
 */
class CopiedBody {
  private render: BinaryBody["render"] = () => null;
  private schema: unknown = undefined;
  private buffer = new Uint8Array(0);
  private length = 0;

  /** Takes `body`'s bytes in place of the previous record's. */
  copy(body: BinaryBody): this {
    const { length } = body.bytes;
    // Grown as needed; one grown for a large body is let go again once small ones follow.
    if (length > this.buffer.length || (this.buffer.length > KEPT_COPY_BYTES && length <= this.buffer.length / 4)) {
      this.buffer = new Uint8Array(Math.max(MIN_COPY_BYTES, 2 ** Math.ceil(Math.log2(length || 1))));
    }
    this.buffer.set(body.bytes);
    this.length = length;
    this.render = body.render;
    this.schema = body.schema;
    return this;
  }

  value(): unknown {
    return this.render(this.schema, this.buffer.subarray(0, this.length));
  }
}

/** What a transport records: an entry with its start time as a number and its bodies possibly deferred. */
export interface JournalRecord extends Omit<JournalEntry, "id" | "time" | "request" | "response"> {
  /** When the call arrived, in epoch milliseconds. */
  readonly startedAt: number;
  /** Rendered when read if a DeferredBody or BinaryBody; a BinaryBody is replaced by the journal's copy. */
  request: unknown;
  response: unknown;
}

const statusMatches = (status: string, httpStatus: number): boolean =>
  /^[1-5]xx$/i.test(status) ? Math.floor(httpStatus / 100) === Number(status[0]) : Number(status) === httpStatus;

const bodyValue = (body: unknown): unknown => (body instanceof DeferredBody || body instanceof CopiedBody || body instanceof BinaryBody ? body.value() : body);

/** The last `size` API calls, oldest first (a ring buffer: the oldest entry goes when it is full). */
export class RequestJournal {
  /**
   * A ring of records: the oldest at `start`. Their ids are consecutive, the newest `nextId - 1`, so
   * none is stored (one object less per call kept).
   */
  private records: JournalRecord[] = [];
  private start = 0;
  private nextId = 1;
  /** Per place of the ring, the copies of its record's binary bodies: request at 2i, response at 2i + 1. */
  private copies: CopiedBody[] = [];

  constructor(readonly size: number = DEFAULT_JOURNAL_SIZE) {}

  /** Keeps `record` (taken as it is: its BinaryBody bodies are replaced by copies). */
  add(record: JournalRecord): void {
    this.nextId++;
    if (this.size === 0) return;
    let at = this.records.length;
    if (at < this.size) this.records.push(record);
    else {
      at = this.start;
      this.records[at] = record;
      this.start = (this.start + 1) % this.size;
    }
    if (record.request instanceof BinaryBody) record.request = this.copyAt(2 * at, record.request);
    if (record.response instanceof BinaryBody) record.response = this.copyAt(2 * at + 1, record.response);
  }

  private copyAt(index: number, body: BinaryBody): CopiedBody {
    return (this.copies[index] ??= new CopiedBody()).copy(body);
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
