import http2 from "node:http2";
import { sentGrpcStatus, sentStatus, streamAbandoned, type StreamHandler } from "../server/http2-streams.js";
import type { NodeResponse } from "../server/node-http.js";
import { type RequestHandler, wasAbandoned } from "../server/one-port-server.js";
import { errorBody } from "../rest/rest-responses.js";
import { protocolOf, type WireProtocol } from "../server/protocol-routing.js";
import { attachCall, runSyncCall, type CallFaults, type ControlledCall, type RpcObservation } from "./call-context.js";
import { GrpcWebStatusReader } from "./grpc-web-status.js";
import { JOURNAL_BODY_LIMIT, type JournalRecord } from "./request-journal.js";

type HeaderBag = Record<string, unknown> | undefined;

/** The response methods that put bytes on the wire; a held response queues their calls. */
const WRITING_METHODS = ["writeHead", "write", "end", "addTrailers", "flushHeaders"] as const;

/** grpc-gateway's error body of a REST answer the pipeline never saw (unknown route, unreadable body). */
const restErrorOf = (body: unknown): { code: number | null; id: string | null } => {
  const error = body as { code?: unknown; details?: { id?: unknown }[] } | null;
  const id = error?.details?.[0]?.id;
  return { code: typeof error?.code === "number" ? error.code : null, id: typeof id === "string" ? id : null };
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text === "" ? null : text;
  }
};

/** `/zitadel.management.v1.ManagementService/GetFoo` -> `GetFoo`. */
const rpcOfGrpcPath = (path: string): string | null => /^\/[^/]+\/([^/?]+)/.exec(path)?.[1] ?? null;

export interface CallTracking {
  readonly faults: CallFaults;
  /** Timers of held responses, cleared when the mock stops. */
  readonly timers: Set<NodeJS.Timeout>;
  record(entry: JournalRecord): void;
  committed: ControlledCall["committed"];
}

/** How a call ended, as both variants tell it (see journalRecord). */
interface CallEnd {
  readonly startedAt: number;
  /** `performance.now()` when the call arrived. */
  readonly started: number;
  readonly transport: WireProtocol;
  readonly method: string;
  readonly path: string;
  readonly seen: RpcObservation | undefined;
  /** Dropped, reset or not sent in full: the journal records no answer. */
  readonly cutOff: boolean;
  readonly httpStatus: number;
  /** The status, error id and body the answer carried, for an answer the pipeline did not see. */
  readonly sentCode: number | null;
  readonly sentErrorId: string | null;
  readonly sentBody: unknown;
}

/** The journal's record of a call: what the pipeline saw, else what was sent; nothing sent if cut off. */
const journalRecord = (end: CallEnd): JournalRecord => {
  const { seen, cutOff, transport, path } = end;
  const answered = seen?.response !== undefined;
  return {
    startedAt: end.startedAt,
    transport,
    method: end.method,
    path,
    rpc: seen?.rpc ?? (transport === "rest" ? null : rpcOfGrpcPath(path)),
    orgId: seen?.orgId ?? null,
    userId: seen?.userId ?? null,
    httpStatus: cutOff ? 0 : end.httpStatus,
    grpcCode: cutOff ? null : seen?.error ? seen.error.code : answered ? 0 : end.sentCode,
    errorId: cutOff ? null : (seen?.error?.id ?? end.sentErrorId),
    durationMs: Math.round((performance.now() - end.started) * 100) / 100,
    request: seen?.request ?? null,
    response: cutOff ? null : seen?.error ? errorBody(seen.error) : answered ? seen.response : end.sentBody,
  };
};

/**
 * Holds a Node response: its writing methods queue their calls until the returned function puts
 * them back and replays the queue (connect-node and the REST gateway write through them).
 */
const holdWrites = (res: NodeResponse): (() => void) => {
  const queued: [string, unknown[]][] = [];
  const writing = res as unknown as Record<string, (...a: unknown[]) => unknown>;
  const unheld = Object.fromEntries(WRITING_METHODS.map((name) => [name, writing[name]]));
  for (const name of WRITING_METHODS) {
    Object.assign(res, {
      [name]: (...args: unknown[]) => {
        queued.push([name, args]);
        return name === "write" ? true : res;
      },
    });
  }
  // Writers ask whether the head is out (connect-node writes it once): it is, as far as they can tell.
  Object.defineProperty(res, "headersSent", { configurable: true, get: () => queued.some(([name]) => name !== "addTrailers") });
  return () => {
    delete (res as { headersSent?: boolean }).headersSent;
    Object.assign(res, unheld);
    for (const [name, args] of queued) writing[name]!(...args);
  };
};

/**
 * A call's answer as fault rules hold or drop it (both variants): a hold releases the answer when it
 * is over, or cuts the connection then if a drop came meanwhile; a drop without a hold cuts it at once.
 */
class HeldAnswer {
  private timer: NodeJS.Timeout | undefined = undefined;
  dropped = false;

  constructor(
    private readonly timers: Set<NodeJS.Timeout>,
    private readonly cut: () => void,
  ) {}

  hold(ms: number, release: () => void): void {
    const timer = setTimeout(() => {
      this.settle();
      if (this.dropped) this.cut();
      else release();
    }, ms);
    this.timer = timer;
    this.timers.add(timer);
  }

  drop(): void {
    this.dropped = true;
    if (this.timer === undefined) this.cut();
  }

  get holding(): boolean {
    return this.timer !== undefined;
  }

  /** Forgets a pending hold (its timer fired, or the response closed). */
  settle(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timers.delete(this.timer);
    this.timer = undefined;
  }
}

/**
 * The per-transport half of the control plane: runs one API request as a controlled call (the RPC
 * pipeline fills in what it knows), holds or drops its response for fault rules, and records it in
 * the journal when the response is done.
 */
export const controlledCall = (tracking: CallTracking, handler: RequestHandler): RequestHandler => (req, res) => {
  const transport = protocolOf(req);
  const started = performance.now();
  const startedAt = Date.now();
  const path = req.url ?? "/";
  let grpcStatus: number | undefined;
  const restBody: Buffer[] = [];

  const answer = new HeldAnswer(tracking.timers, () => {
    if (res instanceof http2.Http2ServerResponse) res.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
    else res.destroy();
  });
  const call: ControlledCall = {
    transport,
    faults: tracking.faults,
    committed: (orgId, keys, userId) => tracking.committed(orgId, keys, userId),
    hold: (ms) => answer.hold(ms, holdWrites(res)),
    drop: () => answer.drop(),
    send: (write) => write(),
  };

  // What the pipeline cannot tell: the gRPC status in headers or trailers, a REST error body.
  const note = (headers: HeaderBag) => {
    const value = headers?.["grpc-status"];
    if (value !== undefined) grpcStatus = Number(value);
  };
  let restBytes = 0;
  /** The pipeline answered or failed: the journal has its body and needs no copy of what is written. */
  const pipelineAnswered = (): boolean => call.observation?.response !== undefined || call.observation?.error !== undefined;
  // Kept up to the journal's limit: a REST answer the pipeline did not see (an error body) is small.
  const keep = (chunk: unknown) => {
    if (pipelineAnswered() || !(typeof chunk === "string" || Buffer.isBuffer(chunk))) return;
    restBytes += Buffer.byteLength(chunk);
    if (restBytes <= JOURNAL_BODY_LIMIT) restBody.push(Buffer.from(chunk));
  };
  const restAnswer = (): unknown =>
    restBytes > JOURNAL_BODY_LIMIT ? { truncated: true, bytes: restBytes } : parseJson(Buffer.concat(restBody).toString("utf8"));
  // gRPC-web may tell its status in the body's trailer frame (an answer the pipeline did not see).
  let webStatus: GrpcWebStatusReader | undefined;
  const followGrpcWebBody = (response: NodeResponse) => {
    const write = response.write.bind(response) as (...args: unknown[]) => boolean;
    const end = response.end.bind(response) as (...args: unknown[]) => unknown;
    const follow = (chunk: unknown) => {
      if (!pipelineAnswered() && chunk instanceof Uint8Array) (webStatus ??= new GrpcWebStatusReader()).push(chunk);
    };
    Object.assign(response, {
      write: (chunk: unknown, ...rest: unknown[]) => (follow(chunk), write(chunk, ...rest)),
      end: (chunk?: unknown, ...rest: unknown[]) => (follow(chunk), end(chunk, ...rest)),
    });
  };
  // gRPC tells its status in headers or trailers, REST in its body.
  if (transport === "rest") {
    const end = res.end.bind(res) as (...args: unknown[]) => unknown;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    Object.assign(res, {
      write: (chunk: unknown, ...rest: unknown[]) => (keep(chunk), write(chunk, ...rest)),
      end: (chunk?: unknown, ...rest: unknown[]) => (typeof chunk === "function" ? undefined : keep(chunk), end(chunk, ...rest)),
    });
  } else {
    if (transport === "grpc-web" && !String(req.headers["content-type"] ?? "").startsWith("application/grpc-web-text")) followGrpcWebBody(res);
    const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => unknown;
    const addTrailers = res.addTrailers.bind(res) as (trailers: HeaderBag) => void;
    Object.assign(res, {
      writeHead: (status: number, ...rest: unknown[]) => (note(rest.find((r) => typeof r === "object") as HeaderBag), writeHead(status, ...rest)),
      addTrailers: (trailers: HeaderBag) => (note(trailers), addTrailers(trailers)),
    });
  }

  res.once("close", () => {
    attachCall(req, undefined); // see attachCall
    answer.settle();
    const seen = call.observation;
    // A REST answer the pipeline did not see (404, 405, an unreadable body): read once, for its code and the journal.
    const restSent = transport === "rest" && seen?.response === undefined && !seen?.error ? restAnswer() : null;
    const restError = restSent === null ? undefined : restErrorOf(restSent);
    tracking.record(
      journalRecord({
        startedAt,
        started,
        transport,
        method: req.method ?? "GET",
        path,
        seen,
        cutOff: answer.dropped || wasAbandoned(res),
        httpStatus: res.statusCode,
        sentCode: grpcStatus ?? webStatus?.status ?? restError?.code ?? null,
        sentErrorId: restError?.id ?? null,
        sentBody: restSent,
      }),
    );
  });
  // The transport makes the call current while its pipeline runs (runSyncCall(callOf(req), …)).
  attachCall(req, call);
  handler(req, res);
};

/** A native gRPC call on HTTP/2's stream API as the control plane follows it (see controlledStreams). */
class StreamCall implements ControlledCall {
  readonly transport = "grpc" as const;
  /** The stream path gives the journal its request and response as bytes (journalBodiesFromBinary). */
  readonly binaryBodies = true;
  observation?: RpcObservation;
  readonly faults: CallFaults;
  readonly committed: ControlledCall["committed"];
  readonly started = performance.now();
  readonly startedAt = Date.now();
  /** The hold or drop of fault rules, made when the first comes (most calls see none). */
  private answer: HeldAnswer | undefined = undefined;
  /** The writer's answer, waiting for a hold to end. */
  private held: (() => void) | undefined = undefined;

  constructor(
    private readonly tracking: CallTracking,
    private readonly stream: http2.ServerHttp2Stream,
    private readonly headers: http2.IncomingHttpHeaders,
  ) {
    this.faults = tracking.faults;
    this.committed = tracking.committed;
  }

  private faulted(): HeldAnswer {
    return (this.answer ??= new HeldAnswer(this.tracking.timers, () => this.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR)));
  }

  hold(ms: number): void {
    this.faulted().hold(ms, () => this.held?.());
  }

  drop(): void {
    this.faulted().drop();
  }

  send(write: () => void): void {
    const answer = this.answer;
    if (answer === undefined) return write();
    if (answer.dropped) return;
    if (answer.holding) this.held = write;
    else write();
  }

  /** The journal entry, when the stream has closed. */
  record(): void {
    this.answer?.settle();
    this.tracking.record(
      journalRecord({
        startedAt: this.startedAt,
        started: this.started,
        transport: "grpc",
        method: this.headers[":method"] ?? "POST",
        path: this.headers[":path"] ?? "/",
        seen: this.observation,
        cutOff: this.answer?.dropped === true || streamAbandoned(this.stream),
        httpStatus: sentStatus(this.stream),
        sentCode: sentGrpcStatus(this.stream) ?? null,
        sentErrorId: null,
        sentBody: null,
      }),
    );
  }
}

/**
 * The same for the native gRPC calls served on HTTP/2's stream API (decision 031): the call is
 * current while `inner` takes the stream (its writer finds it there and writes through `send`), and
 * is recorded in the journal when the stream closes, with the status it sent. Current for that
 * synchronous run only (decision 037): a stream handler that goes on asynchronously carries the call
 * itself (the stream path runs the pipeline with it, or hands it to connect-node in its context).
 */
export const controlledStreams = (tracking: CallTracking, inner: StreamHandler): StreamHandler => (stream, headers, flags, rawHeaders, body) => {
  const call = new StreamCall(tracking, stream, headers);
  if (!runSyncCall(call, () => inner(stream, headers, flags, rawHeaders, body))) return false;
  stream.on("close", () => call.record());
  return true;
};
