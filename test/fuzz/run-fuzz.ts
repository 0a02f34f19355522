/**
 * Sends generated hostile cases (hostile-input.ts) to a listening mock and checks every answer: REST
 * errors in ZITADEL's JSON shape and never a 5xx, gRPC and gRPC-web calls ending with a gRPC status
 * (gRPC-web: in the trailer frame or trailers-only headers), nothing left hanging, the server still
 * healthy. Used by test/fuzz/transports.test.ts (a few thousand cases) and `npm run fuzz` (100,000+).
 */
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import fc from "fast-check";
import { readGrpcWebTrailer } from "../grpc-envelopes.js";
import { encodeFrames, type FuzzCase, fuzzCase, type GrpcCase, type GrpcWebCase, type Http1Case, type H2FramesCase, type RestH2Case } from "./hostile-input.js";

/** The mock's limits for fuzzing: an HTTP/2 session left stuck by a protocol error ends within seconds. */
export const FUZZ_LIMITS = { h2IdleTimeoutMs: 500 } as const;

/** How long one case may take before it counts as hanging. */
const CASE_TIMEOUT_MS = 8000;

interface Target {
  readonly url: string;
  readonly port: number;
  /** One HTTP/2 session per worker, replaced when the server ends it. */
  session(worker: number): http2.ClientHttp2Session;
}

const withTimeout = <T>(promise: Promise<T>, what: string): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no end within ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS).unref())]);

const isZitadelError = (text: string): boolean => {
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown };
    return typeof body.code === "number" && typeof body.message === "string";
  } catch {
    return false;
  }
};

/** RST_STREAM REFUSED_STREAM: the server did not process the stream (a session told to go away), a proper HTTP/2 answer. */
const refused = (stream: http2.ClientHttp2Stream): boolean => stream.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM;

/**
 * The one 5xx ZITADEL gives for bad input: a key holding NUL, which PostgreSQL cannot store
 * (decision 020): Get 500 QUERY-Hajt2, a list query 500 QUERY-Ho2wf, a write 500 SQLSTATE 22P05.
 */
const isNulKeyAnswer = (status: number, body: string): boolean =>
  status === 500 && isZitadelError(body) && /QUERY-Hajt2|QUERY-Ho2wf|SQLSTATE 22P05/.test(body);

const validGrpcStatus = (value: unknown): boolean => /^(?:[0-9]|1[0-6])$/.test(String(value));

/** Raw HTTP/1.1: every response's status below 500; every error a ZITADEL JSON body or a gRPC-web status. */
const sendHttp1 = (target: Target, c: Http1Case): Promise<string | undefined> =>
  withTimeout(
    new Promise((resolve) => {
      const socket = net.connect(target.port, "127.0.0.1");
      const chunks: Buffer[] = [];
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      socket.on("error", () => {});
      socket.on("close", () => {
        const answer = Buffer.concat(chunks).toString("latin1");
        const heads = [...answer.matchAll(/HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n((?:[^\r\n]+\r\n)*)\r\n/g)];
        for (const [whole, status, headers] of heads) {
          const start = answer.indexOf(whole!) + whole!.length;
          const length = /content-length: (\d+)/i.exec(headers!);
          const body = length ? answer.slice(start, start + Number(length[1])) : "";
          if (Number(status) >= 500 && !isNulKeyAnswer(Number(status), body)) return resolve(`HTTP ${status}`);
          if (Number(status) >= 400 && !/content-type: application\/json/i.test(headers!) && !/grpc-status:/i.test(headers!))
            return resolve(`HTTP ${status} without a JSON error body`);
          if (Number(status) >= 400 && /content-type: application\/json/i.test(headers!) && length && !isZitadelError(body))
            return resolve(`HTTP ${status}: not ZITADEL's error shape`);
        }
        resolve(undefined);
      });
      socket.end(Buffer.from(c.wire, "latin1"));
    }),
    "HTTP/1.1",
  );

/** gRPC over HTTP/2: HTTP 200 and a gRPC status, or the reset the client asked for. */
const sendGrpc = (target: Target, worker: number, c: GrpcCase): Promise<string | undefined> =>
  withTimeout(
    new Promise((resolve) => {
      const stream = target.session(worker).request({
        ":method": "POST",
        ":path": `/zitadel.management.v1.ManagementService/${c.rpc}`,
        "content-type": c.contentType,
        te: "trailers",
        ...(c.token ? { authorization: `Bearer ${c.token}` } : {}),
        ...(c.encoding ? { "grpc-encoding": c.encoding } : {}),
        ...(c.timeout ? { "grpc-timeout": c.timeout } : {}),
      });
      let httpStatus: number | undefined;
      let grpcStatus: unknown;
      stream.on("response", (headers) => {
        httpStatus = headers[":status"];
        grpcStatus ??= headers["grpc-status"];
      });
      stream.on("trailers", (trailers) => (grpcStatus ??= trailers["grpc-status"]));
      stream.on("error", () => {});
      stream.resume();
      stream.on("close", () => {
        if (c.reset || refused(stream)) return resolve(undefined);
        if (httpStatus !== 200) return resolve(`HTTP ${httpStatus ?? "none"} (rst ${stream.rstCode})`);
        if (!validGrpcStatus(grpcStatus)) return resolve(`no gRPC status (rst ${stream.rstCode})`);
        resolve(undefined);
      });
      const body = encodeFrames(c.frames);
      const sent = c.truncateAt === undefined ? body : body.subarray(0, c.truncateAt);
      if (c.reset) stream.write(sent, () => stream.close(http2.constants.NGHTTP2_CANCEL));
      else stream.end(sent);
    }),
    "gRPC",
  );

/** The status of a gRPC-web response: trailers-only headers, else the trailer frame of the body (none when the body's framing is broken). */
const grpcWebStatus = async (headers: http.IncomingHttpHeaders, body: Buffer, text: boolean): Promise<unknown> => {
  if (headers["grpc-status"] !== undefined) return headers["grpc-status"];
  const bytes = text ? Buffer.from(body.toString("latin1"), "base64") : body;
  const trailer = await readGrpcWebTrailer(bytes).catch(() => undefined);
  return trailer?.get("grpc-status") ?? undefined;
};

/** gRPC-web over HTTP/1.1: HTTP 200 and a gRPC status in the trailers (not HTTP's status). */
const sendGrpcWeb = (target: Target, c: GrpcWebCase): Promise<string | undefined> =>
  withTimeout(
    new Promise((resolve) => {
      const frames = encodeFrames(c.frames);
      const cut = c.truncateAt === undefined ? frames : frames.subarray(0, c.truncateAt);
      const text = c.contentType.startsWith("application/grpc-web-text");
      const body = text ? Buffer.from(cut.toString("base64")) : cut;
      const req = http.request(
        `${target.url}/zitadel.management.v1.ManagementService/${c.rpc}`,
        { method: "POST", headers: { "content-type": c.contentType, "x-grpc-web": "1", ...(c.token ? { authorization: `Bearer ${c.token}` } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", async () => {
            if (res.statusCode !== 200) return resolve(`HTTP ${res.statusCode}`);
            const status = await grpcWebStatus(res.headers, Buffer.concat(chunks), text && res.headers["content-type"]?.startsWith("application/grpc-web-text") === true);
            resolve(validGrpcStatus(status) ? undefined : "no gRPC status in the trailers");
          });
        },
      );
      req.on("error", (error) => resolve(`request failed: ${error.message}`));
      req.end(body);
    }),
    "gRPC-web",
  );

/** REST over HTTP/2: below 500, errors in ZITADEL's JSON shape. */
const sendRestH2 = (target: Target, worker: number, c: RestH2Case): Promise<string | undefined> =>
  withTimeout(
    new Promise((resolve) => {
      // Bodies on every method but GET (grpc-gateway ignores them where the RPC has none). Node's
      // client ends a DELETE stream with its headers unless told otherwise.
      const withBody = c.method !== "GET" && c.body !== undefined;
      const stream = target.session(worker).request(
        {
          ":method": c.method,
          ":path": c.path,
          "content-type": "application/json",
          ...(c.token ? { authorization: `Bearer ${c.token}` } : {}),
        },
        { endStream: !withBody },
      );
      let status = 0;
      let text = "";
      stream.setEncoding("utf8");
      stream.on("response", (headers) => (status = Number(headers[":status"])));
      stream.on("data", (chunk: string) => (text += chunk));
      stream.on("error", () => {});
      stream.on("close", () => {
        if (refused(stream)) return resolve(undefined);
        if (status === 0 || (status >= 500 && !isNulKeyAnswer(status, text))) return resolve(`HTTP ${status || "none"} (rst ${stream.rstCode})`);
        if (status >= 400 && !isZitadelError(text)) return resolve(`HTTP ${status}: not ZITADEL's error shape: ${text.slice(0, 80)}`);
        resolve(undefined);
      });
      if (withBody) stream.end(c.body);
    }),
    "REST over HTTP/2",
  );

/** Raw h2c frames: the server must end the connection (it is half-closed by the client), not hang or crash. */
const sendH2Frames = (target: Target, c: H2FramesCase): Promise<string | undefined> =>
  withTimeout(
    new Promise((resolve) => {
      const socket = net.connect(target.port, "127.0.0.1");
      socket.on("error", () => {});
      socket.resume();
      socket.on("close", () => resolve(undefined));
      socket.end(Buffer.from(c.hex, "hex"));
    }),
    "h2c frames",
  );

const send = (target: Target, worker: number, c: FuzzCase): Promise<string | undefined> => {
  switch (c.kind) {
    case "http1":
      return sendHttp1(target, c);
    case "grpc":
      return sendGrpc(target, worker, c);
    case "grpc-web":
      return sendGrpcWeb(target, c);
    case "rest-h2":
      return sendRestH2(target, worker, c);
    case "h2-frames":
      return sendH2Frames(target, c);
  }
};

/** One case of a run again (batch seed and index, as a failure names them): its problem, or undefined. */
export const replayFuzzCase = async (url: string, seed: number, index: number, batch = 1000): Promise<string | undefined> => {
  const c = fc.sample(fuzzCase, { seed, numRuns: batch })[index]!;
  let session: http2.ClientHttp2Session | undefined;
  const target: Target = {
    url,
    port: Number(new URL(url).port),
    session: () => (session ??= http2.connect(url).on("error", () => {})),
  };
  try {
    return await send(target, 0, c).catch((error: Error) => error.message);
  } finally {
    session?.destroy();
  }
};

/** GET /debug/healthz answers 200 within 2 s. */
export const healthy = async (url: string): Promise<boolean> => {
  try {
    const res = await fetch(`${url}/debug/healthz`, { signal: AbortSignal.timeout(2000) });
    return res.status === 200;
  } catch {
    return false;
  }
};

export interface FuzzFailure {
  readonly seed: number;
  readonly index: number;
  readonly problem: string;
  readonly input: string;
}

export interface FuzzReport {
  readonly cases: number;
  readonly perKind: Record<string, number>;
  /** Milliseconds the cases of each kind took, added up (cases overlap: `concurrency` at a time). */
  readonly msPerKind: Record<string, number>;
  readonly failures: FuzzFailure[];
}

export interface FuzzOptions {
  readonly url: string;
  readonly count: number;
  readonly seed: number;
  /** Cases in flight at once (default 64). */
  readonly concurrency?: number;
  /** Cases generated per fast-check sample (seed + batch number each). */
  readonly batch?: number;
  readonly onProgress?: (done: number) => void;
}

/**
 * Runs `count` generated cases against `url`, `concurrency` at a time. Deterministic for a seed: case
 * i of the run is case i % batch of `fc.sample(fuzzCase, { seed: seed + floor(i / batch) })`.
 */
export const runFuzz = async (options: FuzzOptions): Promise<FuzzReport> => {
  const concurrency = options.concurrency ?? 64;
  const batchSize = options.batch ?? 1000;
  const port = Number(new URL(options.url).port);
  const sessions = new Map<number, http2.ClientHttp2Session>();
  const target: Target = {
    url: options.url,
    port,
    session: (worker) => {
      let session = sessions.get(worker);
      if (!session || session.closed || session.destroyed) {
        const created = http2.connect(options.url);
        created.on("error", () => {});
        // Told to go away (idle): new streams would be refused, so the next case opens a new session.
        created.once("goaway", () => sessions.get(worker) === created && sessions.delete(worker));
        sessions.set(worker, created);
        session = created;
      }
      return session;
    },
  };
  const failures: FuzzFailure[] = [];
  const perKind: Record<string, number> = {};
  const msPerKind: Record<string, number> = {};
  let done = 0;
  // One pool of workers over every case (no pause at batch ends for the slowest case of a batch);
  // a batch is sampled when its first case is due, and the server's health is checked as each begins.
  const batches = new Map<number, FuzzCase[]>();
  const caseAt = (at: number): { seed: number; index: number; c: FuzzCase } => {
    const batch = Math.floor(at / batchSize);
    const seed = options.seed + batch;
    let cases = batches.get(batch);
    if (!cases) {
      batches.delete(batch - 2);
      cases = fc.sample(fuzzCase, { seed, numRuns: Math.min(batchSize, options.count - batch * batchSize) });
      batches.set(batch, cases);
    }
    return { seed, index: at % batchSize, c: cases[at % batchSize]! };
  };
  let next = 0;
  let unhealthy = false;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let at = next++; at < options.count && !unhealthy; at = next++) {
        const { seed, index, c } = caseAt(at);
        if (index === 0 && at > 0 && !(await healthy(options.url))) {
          failures.push({ seed, index: -1, problem: "the server is not healthy after the previous batch", input: "" });
          unhealthy = true;
          break;
        }
        perKind[c.kind] = (perKind[c.kind] ?? 0) + 1;
        const caseStarted = performance.now();
        const problem = await send(target, worker, c).catch((error: Error) => error.message);
        msPerKind[c.kind] = (msPerKind[c.kind] ?? 0) + (performance.now() - caseStarted);
        if (problem) failures.push({ seed, index, problem: `${c.kind}: ${problem}`, input: JSON.stringify(c).slice(0, 400) });
        done++;
        options.onProgress?.(done);
      }
    }),
  );
  if (!unhealthy && !(await healthy(options.url))) failures.push({ seed: options.seed, index: -1, problem: "the server is not healthy at the end", input: "" });
  for (const session of sessions.values()) session.destroy();
  return { cases: done, perKind, msPerKind, failures };
};
