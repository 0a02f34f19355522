/**
 * The attacks of issue 13, each against a fresh mock in its own process (bench/attack-target.ts), each
 * bounded to seconds. Prints, per attack, what a normal client saw and what the server held.
 * Run: npx tsx bench/attacks.ts [pipeline|timeouts|bodies|grpc-limit ...] [--pipelined=100]
 * Numbers on a shared machine are noisy: compare rows of one run and look at orders of magnitude.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import { createClient, ConnectError } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { createAccessTokenInterceptor, createManagementClient } from "@zitadel/node/dist/api/index.js";
import { ManagementService } from "@zitadel/proto/zitadel/management_pb.js";
import { median } from "./stats.js";

const TOKEN = "acme-owner-token";
const GLOBEX_TOKEN = "globex-owner-token";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (value: number) => `${value.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
/** process.memoryUsage() of the target after a full GC: where RSS is held. */
const breakdown = (m: NodeJS.MemoryUsage | undefined) =>
  m ? `RSS ${mb(m.rss)} = heap ${mb(m.heapTotal)} (used ${mb(m.heapUsed)}), external ${mb(m.external)} (array buffers ${mb(m.arrayBuffers)}), rest ${mb(m.rss - m.heapTotal - m.external)}; ${JSON.stringify((m as { resources?: object }).resources)}` : "no memory report";
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);

interface Target {
  readonly url: string;
  readonly port: number;
  rss(): number;
  cpuMs(): number;
  stop(): void;
  /** A full GC in the target, so that "RSS after" is retained memory; then the target's process.memoryUsage(). */
  gc(): Promise<NodeJS.MemoryUsage | undefined>;
}

/** Connection limits short enough for a run of seconds (ignored by a mock without them). */
const SHORT_LIMITS = { headersTimeoutMs: 2000, requestTimeoutMs: 3000, keepAliveTimeoutMs: 2000, h2IdleTimeoutMs: 2000 };

const startTarget = async (limits: object = {}): Promise<Target> => {
  const child: ChildProcess = spawn(process.execPath, ["--expose-gc", "--import", "tsx", "bench/attack-target.ts"], {
    env: { ...process.env, ATTACK_LIMITS: JSON.stringify(limits) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim().split("\n")[0]!));
    child.once("exit", () => reject(new Error("the target exited")));
  });
  let memory: NodeJS.MemoryUsage | undefined;
  child.stdout!.on("data", (chunk: Buffer) => {
    const line = chunk.toString().split("\n").find((l) => l.startsWith("memory "));
    if (line) memory = JSON.parse(line.slice("memory ".length)) as NodeJS.MemoryUsage;
  });
  const proc = (file: string) => readFileSync(`/proc/${child.pid}/${file}`, "utf8");
  return {
    url,
    port: Number(new URL(url).port),
    rss: () => Number(/VmRSS:\s+(\d+)/.exec(proc("status"))![1]) * 1024,
    cpuMs: () => {
      const fields = proc("stat").split(") ")[1]!.split(" ");
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    },
    stop: () => child.kill("SIGKILL"),
    gc: async () => {
      memory = undefined;
      child.kill("SIGUSR2");
      while (!memory) await sleep(50);
      return memory;
    },
  };
};

/** Samples RSS every 100 ms until stopped: the peak. */
const rssPeak = (target: Target) => {
  let peak = target.rss();
  const timer = setInterval(() => (peak = Math.max(peak, target.rss())), 100);
  return () => (clearInterval(timer), peak);
};

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
/** Why probes failed (an error code, or "probe timed out"), for the report. */
const probeFailures = new Map<string, number>();
/** One GET as a normal client: its duration in ms, or `timeoutMs` when it did not answer in time. */
const probe = (url: string, path: string, timeoutMs: number, token?: string) =>
  new Promise<number>((resolve) => {
    const started = performance.now();
    const req = http.get(`${url}${path}`, { agent, headers: token ? { authorization: `Bearer ${token}` } : {}, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", () => resolve(performance.now() - started));
    });
    req.on("timeout", () => req.destroy(new Error("probe timed out")));
    req.on("error", (error: NodeJS.ErrnoException) => {
      const kind = error.code ?? error.message;
      probeFailures.set(kind, (probeFailures.get(kind) ?? 0) + 1);
      resolve(timeoutMs);
    });
  });

/** Sequential probes for `ms`: the latencies. */
const latenciesFor = async (url: string, ms: number, path = "/management/v1/metadata/plan", token = GLOBEX_TOKEN) => {
  const until = performance.now() + ms;
  const samples: number[] = [];
  while (performance.now() < until) samples.push(await probe(url, path, 2000, token));
  return samples;
};

/** After an attack: how long until the health probe answers within 100 ms again (at most `capMs`). */
const recovery = async (url: string, capMs: number) => {
  const started = performance.now();
  while (performance.now() - started < capMs) {
    if ((await probe(url, "/debug/healthz", 1000)) < 100) return performance.now() - started;
  }
  return Infinity;
};

const connect = (port: number) =>
  new Promise<net.Socket>((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });

/** How long a normal client is measured during an attack. */
const WINDOW_MS = 10_000;

const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? NaN;

/** Item 1: pipelined `_search` for an org with 8 × 400 KB values, on a connection that never reads. */
const pipeline = async () => {
  const pipelined = arg("pipelined", 100);
  const target = await startTarget();
  try {
    const value = Buffer.alloc(400 * 1024, 7).toString("base64");
    const seed = await fetch(`${target.url}/management/v1/metadata/_bulk`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ metadata: Array.from({ length: 8 }, (_, i) => ({ key: `big-${i}`, value })) }),
    });
    if (!seed.ok) throw new Error(`seeding failed: ${seed.status} ${await seed.text()}`);
    const baseline = await latenciesFor(target.url, 1000);
    const memoryBefore = await target.gc();
    const rssBefore = target.rss();
    const cpuBefore = target.cpuMs();
    const peak = rssPeak(target);
    const attacker = await connect(target.port);
    attacker.pause(); // never reads
    attacker.on("error", () => {});
    const request = `POST /management/v1/metadata/_search HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`;
    attacker.write(request.repeat(pipelined));
    const during = await latenciesFor(target.url, WINDOW_MS);
    const attackerClosedByServer = attacker.destroyed || attacker.readableEnded;
    attacker.destroy();
    const cpuDuring = target.cpuMs() - cpuBefore;
    const recovered = await recovery(target.url, 15_000);
    await sleep(1500);
    const memoryAfter = await target.gc();
    const rssPeakBytes = peak();
    console.log(`pipeline: ${pipelined} pipelined POST _search (${((request.length * pipelined) / 1024).toFixed(0)} KB), 8 x 400 KB values, client never reads`);
    console.log(`  normal client GET p50 before ${ms(median(baseline))}, during ${WINDOW_MS / 1000} s: p50 ${ms(median(during))}, p95 ${ms(pct(during, 0.95))}, ${during.length} calls`);
    console.log(`  server CPU during the ${WINDOW_MS / 1000} s: ${cpuDuring.toFixed(0)} ms; healthz back within 100 ms after the client left: ${Number.isFinite(recovered) ? ms(recovered) : "not within 15 s"}`);
    console.log(`  RSS before ${mb(rssBefore)}, peak ${mb(rssPeakBytes)}, 2 s after (GC) ${mb(target.rss())}; connection closed by the server: ${attackerClosedByServer}`);
    console.log(`  before (GC): ${breakdown(memoryBefore)}`);
    console.log(`  after (GC):  ${breakdown(memoryAfter)}`);
  } finally {
    target.stop();
  }
};

/** Item 2: slowloris, partial request line, trickled body, idle HTTP/2 session, with 2-3 s limits. */
const timeouts = async () => {
  const target = await startTarget(SHORT_LIMITS);
  try {
    const count = arg("slowloris", 1000);
    const rssBefore = target.rss();
    const peak = rssPeak(target);
    const loris = await Promise.all(Array.from({ length: count }, () => connect(target.port)));
    const answers: string[] = [];
    for (const socket of loris) {
      socket.on("error", () => {});
      socket.on("data", (chunk: Buffer) => answers.push(chunk.toString().split("\r\n")[0]!));
      socket.write("GET /management/v1/metadata/plan HTTP/1.1\r\nHost: x\r\n");
    }
    const drip = setInterval(() => loris.forEach((s) => s.writable && s.write("X-Drip: 1\r\n")), 1000);
    const partialLine = await connect(target.port);
    partialLine.on("error", () => {});
    partialLine.resume();
    partialLine.write("GET /manage");
    const trickle = await connect(target.port);
    let trickleAnswer = "";
    trickle.on("error", () => {});
    trickle.on("data", (chunk: Buffer) => (trickleAnswer += chunk.toString()));
    trickle.write(`POST /management/v1/metadata/_search HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`);
    const trickleTimer = setInterval(() => trickle.writable && trickle.write(" "), 100);
    const session = http2.connect(target.url);
    session.on("error", () => {});
    await new Promise<void>((resolve) => session.request({ ":path": "/debug/healthz" }).on("end", resolve).resume().end());
    const during = await latenciesFor(target.url, 6000);
    clearInterval(drip);
    clearInterval(trickleTimer);
    const open = loris.filter((s) => !s.destroyed && !s.readableEnded).length;
    console.log(`timeouts (limits ${JSON.stringify(SHORT_LIMITS)}), after 6 s:`);
    console.log(`  slowloris: ${open} of ${count} connections still open; answers: ${summarize(answers)}`);
    console.log(`  partial request line still open: ${!partialLine.destroyed && !partialLine.readableEnded}`);
    console.log(`  body trickled 1 byte/100 ms: ${trickleAnswer ? trickleAnswer.split("\r\n")[0] : "no answer"}, still open: ${!trickle.destroyed && !trickle.readableEnded}`);
    console.log(`  idle HTTP/2 session still open: ${!session.closed && !session.destroyed}`);
    console.log(`  normal client p50 during: ${ms(median(during))}; RSS before ${mb(rssBefore)}, peak ${mb(peak())}`);
    for (const s of [...loris, partialLine, trickle]) s.destroy();
    session.destroy();
  } finally {
    target.stop();
  }
};

const summarize = (lines: string[]) => {
  const counts = new Map<string, number>();
  for (const line of lines) if (line.startsWith("HTTP/")) counts.set(line, (counts.get(line) ?? 0) + 1);
  return counts.size === 0 ? "none" : [...counts].map(([line, n]) => `${n} x "${line}"`).join(", ");
};

/** Item 2: 40 HTTP/1.1 connections (then 40 streams of one h2 connection) each sending 30 MB of a 31 MB body, never finishing. */
const bodies = async () => {
  for (const kind of process.argv.includes("--h1") ? (["http1"] as const) : (["http1", "h2"] as const)) {
    const target = await startTarget();
    try {
      if (process.argv.includes("--warm")) await probe(target.url, "/management/v1/metadata/plan", 5000, GLOBEX_TOKEN);
      const memoryBefore = await target.gc();
      const rssBefore = target.rss();
      const peak = rssPeak(target);
      const chunk = Buffer.alloc(1024 * 1024, 32);
      let refused = 0;
      const path = "/management/v1/metadata/_search";
      const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", "content-length": String(31 * 1024 * 1024) };
      const session = kind === "h2" ? http2.connect(target.url) : undefined;
      session?.on("error", () => {});
      const send = async () => {
        const sink: { write(b: Buffer): boolean; once(e: string, f: () => void): unknown; destroyed: boolean } =
          kind === "http1"
            ? await connect(target.port).then((s) => {
                s.write(`POST ${path} HTTP/1.1\r\nHost: x\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`);
                return s;
              })
            : session!.request({ ":method": "POST", ":path": path, ...headers });
        (sink as unknown as net.Socket).on("error", () => {});
        for (let i = 0; i < 30 && !sink.destroyed; i++) {
          if (!sink.write(chunk)) {
            const drained = await Promise.race([new Promise((r) => sink.once("drain", () => r(true))), sleep(3000).then(() => false)]);
            if (!drained) break;
          }
        }
        return sink;
      };
      // A normal client probes while the bodies are being sent and for 2 s after (the held bodies).
      let sending = true;
      let lastTick = performance.now();
      const clientLags: number[] = [];
      const lagTimer = setInterval(() => {
        const now = performance.now();
        clientLags.push(now - lastTick - 50);
        lastTick = now;
      }, 50);
      const probing = (async () => {
        const samples: number[] = [];
        while (sending) samples.push(await probe(target.url, "/management/v1/metadata/plan", 2000, GLOBEX_TOKEN));
        return samples.concat(await latenciesFor(target.url, 2000));
      })();
      const sendStarted = performance.now();
      const sinks = await Promise.race([Promise.all(Array.from({ length: 40 }, send)), sleep(20_000).then(() => [])]);
      const sendMs = performance.now() - sendStarted;
      await sleep(1000);
      sending = false;
      refused = sinks.filter((s) => s.destroyed || (s as net.Socket).readableEnded || (s as unknown as http2.ClientHttp2Stream).closed).length;
      const during = await probing;
      clearInterval(lagTimer);
      console.log(`  client (this process) event-loop lag: max ${ms(Math.max(...clientLags))}, ${clientLags.filter((l) => l > 1000).length} over 1 s`);
      const rssPeakBytes = peak();
      for (const s of sinks) (s as net.Socket).destroy();
      session?.destroy();
      await sleep(1500);
      const memoryAfter = await target.gc();
      console.log(`unfinished bodies over ${kind}: 40 x 30 MB of 31 MB bodies; refused/closed by the server: ${refused}`);
      console.log(`  sending took ${ms(sendMs)}; RSS before ${mb(rssBefore)}, peak ${mb(rssPeakBytes)}, 2 s after the clients left ${mb(target.rss())}`);
      console.log(`  normal client during and after: p50 ${ms(median(during))}, p95 ${ms(pct(during, 0.95))}, max ${ms(Math.max(...during))}, ${during.length} calls, ${during.filter((d) => d >= 2000).length} failed (probe #${during.flatMap((d, i) => (d >= 2000 ? [i] : [])).join(", #")}: ${[...probeFailures].map(([k, n]) => `${n} x ${k}`).join(", ") || "none"})`);
      console.log(`  before (GC): ${breakdown(memoryBefore)}`);
      console.log(`  after (GC):  ${breakdown(memoryAfter)}`);
    } finally {
      target.stop();
    }
  }
};

/** Item 4: gRPC messages over the read limit on h2 (raw streams), and what connect-node and @zitadel/node see. */
const grpcLimit = async () => {
  const target = await startTarget();
  try {
    const streams = arg("streams", 3000);
    const rssBefore = target.rss();
    const peak = rssPeak(target);
    const session = http2.connect(target.url);
    session.on("error", () => {});
    const prefix = Buffer.alloc(5);
    prefix.writeUInt32BE(40 * 1024 * 1024, 1); // over connect-node's readMaxBytes (32 MiB)
    const body = Buffer.concat([prefix, Buffer.alloc(128 * 1024, 1)]);
    const outcome = { status: new Map<string, number>(), closed: 0, reset: 0, open: 0 };
    const one = () =>
      new Promise<void>((resolve) => {
        const stream = session.request({
          ":method": "POST",
          ":path": "/zitadel.management.v1.ManagementService/SetOrgMetadata",
          "content-type": "application/grpc",
          te: "trailers",
          authorization: `Bearer ${TOKEN}`,
        });
        let status = "none";
        const done = setTimeout(() => (outcome.open++, record(), resolve()), 3000);
        const record = () => outcome.status.set(status, (outcome.status.get(status) ?? 0) + 1);
        stream.on("response", (h) => (status = String(h["grpc-status"] ?? status)));
        stream.on("trailers", (h) => (status = String(h["grpc-status"] ?? status)));
        stream.on("error", () => {});
        stream.on("close", () => {
          clearTimeout(done);
          outcome.closed++;
          if (stream.rstCode) outcome.reset++;
          record();
          resolve();
        });
        stream.resume();
        stream.write(body); // never ends
      });
    const started = performance.now();
    for (let i = 0; i < streams; i += 100) await Promise.all(Array.from({ length: Math.min(100, streams - i) }, one));
    const elapsed = performance.now() - started;
    const rssPeakBytes = peak();
    const rssHeld = target.rss();
    session.destroy();
    await sleep(1000);
    await target.gc();
    console.log(`grpc-limit: ${streams} streams on one h2 connection, each a 40 MiB length prefix + 128 KB, never ended (${ms(elapsed)})`);
    console.log(`  grpc-status: ${[...outcome.status].map(([s, n]) => `${s}: ${n}`).join(", ")}; streams closed within 3 s: ${outcome.closed} (by RST_STREAM: ${outcome.reset}), still open: ${outcome.open}`);
    console.log(`  RSS before ${mb(rssBefore)}, peak ${mb(rssPeakBytes)}, with the connection open ${mb(rssHeld)}, after it closed ${mb(target.rss())}`);

    const big = Buffer.alloc(40 * 1024 * 1024);
    const connect = createClient(ManagementService, createGrpcTransport({ baseUrl: target.url }));
    const connectCode = await connect
      .setOrgMetadata({ key: "big", value: big }, { headers: { authorization: `Bearer ${TOKEN}` }, timeoutMs: 10_000 })
      .then(() => "OK", (e: unknown) => (e instanceof ConnectError ? `${e.code} ${e.rawMessage.slice(0, 80)}` : String(e)));
    const zitadel = createManagementClient(target.url, createAccessTokenInterceptor(TOKEN));
    const zitadelCode = await zitadel
      .setOrgMetadata({ key: "big", value: big }, { signal: AbortSignal.timeout(10_000) })
      .then(() => "OK", (e: { code?: number; details?: string; message?: string }) => `${e.code} ${(e.details ?? e.message ?? "").slice(0, 80)}`);
    console.log(`  a 40 MiB SetOrgMetadata: connect-node gets ${connectCode}; @zitadel/node gets ${zitadelCode}`);
  } finally {
    target.stop();
  }
};

const attacks: Record<string, () => Promise<void>> = { pipeline, timeouts, bodies, "grpc-limit": grpcLimit };
const chosen = process.argv.slice(2).filter((a) => !a.startsWith("--"));
for (const name of chosen.length ? chosen : Object.keys(attacks)) {
  await attacks[name]!();
  console.log("");
}
process.exit(0);
