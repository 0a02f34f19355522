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

const statusMatches = (status: string, httpStatus: number): boolean =>
  /^[1-5]xx$/i.test(status) ? Math.floor(httpStatus / 100) === Number(status[0]) : Number(status) === httpStatus;

/** The last `size` API calls, oldest first (a ring buffer: the oldest entry goes when it is full). */
export class RequestJournal {
  private entries: JournalEntry[] = [];
  private nextId = 1;

  constructor(readonly size: number = DEFAULT_JOURNAL_SIZE) {}

  add(entry: Omit<JournalEntry, "id">): JournalEntry {
    const recorded = { id: String(this.nextId++), ...entry };
    this.entries.push(recorded);
    if (this.entries.length > this.size) this.entries.splice(0, this.entries.length - this.size);
    return recorded;
  }

  list(query: JournalQuery = {}): JournalEntry[] {
    const since = query.since === undefined ? 0 : Number(query.since);
    const found = this.entries.filter(
      (entry) =>
        Number(entry.id) > since &&
        (query.rpc === undefined || entry.rpc === query.rpc) &&
        (query.status === undefined || statusMatches(query.status, entry.httpStatus)),
    );
    return query.limit === undefined ? found : found.slice(Math.max(0, found.length - query.limit));
  }

  clear(): void {
    this.entries = [];
  }
}
