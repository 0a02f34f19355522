/**
 * Requests per second, side by side in one run: the mock against a bare express 5 app with the same
 * routes, Prism 5 mocking the same spec (when npm can install it) and raw node:http answering canned
 * bytes; then gRPC (h2load, h2c) against the mock's REST and a raw node:http2 canned gRPC server.
 * Rounds interleave the servers so machine noise hits all alike; the tables hold medians.
 */
import { create, toBinary } from "@bufbuild/protobuf";
import { GetOrgMetadataRequestSchema, SetOrgMetadataRequestSchema } from "@zitadel/proto/zitadel/management_pb.js";
import { cpuMs } from "./cpu-time.js";
import { type H2Call, type HttpCall, type LoadResult, grpcFrame, h2load, wrk } from "./load-generators.js";
import { type Server, ensureDebianTool, ensureNpmTool, freePort, startServer } from "./processes.js";
import { median } from "./stats.js";

const TOKEN = "acme-owner-token";
const auth = { authorization: `Bearer ${TOKEN}` };
const json = { ...auth, "content-type": "application/json" };

export const REST_CALLS: Record<string, HttpCall> = {
  "REST Get": { method: "GET", path: "/management/v1/metadata/plan", headers: auth },
  "REST Set": { method: "POST", path: "/management/v1/metadata/bench", headers: json, body: '{"value":"YmVuY2g="}' },
  "REST List (3 rows)": { method: "POST", path: "/management/v1/metadata/_search", headers: json, body: "{}" },
};

const GRPC_PATH = "/zitadel.management.v1.ManagementService";
const grpcHeaders = { ...auth, "content-type": "application/grpc", te: "trailers" };
const getFrame = grpcFrame(toBinary(GetOrgMetadataRequestSchema, create(GetOrgMetadataRequestSchema, { key: "plan" })));
const setFrame = grpcFrame(
  toBinary(SetOrgMetadataRequestSchema, create(SetOrgMetadataRequestSchema, { key: "bench", value: new TextEncoder().encode("bench") })),
);

export interface ThroughputOptions {
  readonly cli: string;
  readonly rounds: number;
  readonly seconds: number;
}

/** Median req/s per row (operation) and column (server). */
export type Table = Record<string, Record<string, number>>;

export interface ThroughputResult {
  readonly rest: Table;
  readonly grpc: Table;
  /** The server's CPU time per request in µs (user + system, from /proc), medians; empty where /proc is missing. */
  readonly restCpu: Table;
  readonly grpcCpu: Table;
  readonly notes: string[];
}

/** req/s and CPU µs per request of each (row, column), one sample per round. */
interface Samples {
  readonly rps: Map<string, number[]>;
  readonly cpu: Map<string, number[]>;
}

const newSamples = (): Samples => ({ rps: new Map(), cpu: new Map() });

const push = (map: Map<string, number[]>, key: string, value: number) => map.set(key, [...(map.get(key) ?? []), value]);

/** One load run against `server`, with the CPU time the server used for it. */
const collect = (samples: Samples, row: string, column: string, server: Server, run: () => LoadResult, notes: string[]) => {
  const before = cpuMs(server.process.pid);
  const result = run();
  const after = cpuMs(server.process.pid);
  const key = `${row}\u0000${column}`;
  push(samples.rps, key, result.requestsPerSecond);
  if (before !== undefined && after !== undefined && result.requests > 0) push(samples.cpu, key, ((after - before) * 1000) / result.requests);
  if (result.failures > 0) notes.push(`${column}, ${row}: ${result.failures} failed responses in one round`);
};

const tableOf = (samples: ReadonlyMap<string, number[]>): Table => {
  const table: Table = {};
  for (const [key, values] of samples) {
    const [row, column] = key.split("\u0000") as [string, string];
    (table[row] ??= {})[column] = median(values);
  }
  return table;
};

export const runThroughput = async ({ cli, rounds, seconds }: ThroughputOptions): Promise<ThroughputResult> => {
  const notes: string[] = [];
  if (!ensureDebianTool("wrk", "wrk")) throw new Error("wrk is missing and could not be installed (apt-get install wrk)");
  const servers: Server[] = [];
  try {
    const mock = await startServer("mock", process.execPath, [cli, "--port", "0", "--quiet"]);
    servers.push(mock);
    const express = await startServer("bare express 5", process.execPath, ["bench/servers/bare-express.mjs", "0"]);
    servers.push(express);
    const raw = await startServer("raw node:http", process.execPath, ["bench/servers/raw-http.mjs", "0", "http1"]);
    servers.push(raw);
    const prismBin = ensureNpmTool("@stoplight/prism-cli@5", "prism");
    let prism: Server | undefined;
    if (prismBin) {
      prism = await startServer("Prism 5", prismBin, ["mock", "-h", "127.0.0.1", "-p", String(await freePort()), "spec/management.openapi.yaml"]).catch(
        (error: unknown) => (notes.push(`Prism did not start: ${String(error).split("\n")[0]}`), undefined),
      );
      if (prism) servers.push(prism);
    } else notes.push("Prism 5 could not be installed from npm (@stoplight/prism-cli); its column is empty");
    const restTargets = [mock, express, ...(prism ? [prism] : []), raw];

    const restSamples = newSamples();
    // Prism serves the spec's paths relative to its server URL (/management/v1).
    const callFor = (target: Server, call: HttpCall): HttpCall =>
      target === prism ? { ...call, path: call.path.replace(/^\/management\/v1/, "") } : call;
    for (const target of restTargets) for (const call of Object.values(REST_CALLS)) wrk(target.url, callFor(target, call), 1); // warm-up: JIT, connections
    for (let round = 0; round < rounds; round++) {
      for (const [row, call] of Object.entries(REST_CALLS)) {
        for (const target of rotate(restTargets, round)) collect(restSamples, row, target.name, target, () => wrk(target.url, callFor(target, call), seconds), notes);
      }
    }
    for (const row of Object.keys(REST_CALLS)) {
      for (const baseline of [express, ...(prism ? [prism] : [])]) notes.push(perRoundRatios(restSamples, row, mock.name, baseline.name, `mock ÷ ${baseline.name}`));
    }

    const grpcSamples = newSamples();
    if (ensureDebianTool("h2load", "nghttp2-client")) {
      const rawGrpc = await startServer("raw node:http2 gRPC", process.execPath, ["bench/servers/raw-http.mjs", "0", "grpc"]);
      servers.push(rawGrpc);
      const grpcCalls = {
        Get: { grpc: { path: `${GRPC_PATH}/GetOrgMetadata`, headers: grpcHeaders, body: getFrame }, rest: REST_CALLS["REST Get"]! },
        Set: { grpc: { path: `${GRPC_PATH}/SetOrgMetadata`, headers: grpcHeaders, body: setFrame }, rest: REST_CALLS["REST Set"]! },
      };
      const restOf = (call: HttpCall): H2Call => {
        const restBody = call.body === undefined ? undefined : Buffer.from(call.body);
        return { path: call.path, headers: call.headers, http1: true, ...(restBody ? { body: restBody } : {}) };
      };
      const grpcRuns = grpcRunsOf(rounds, seconds);
      // warm-up, as for REST above: the gRPC code paths are not run before this section (JIT, connections)
      for (const call of Object.values(grpcCalls)) {
        h2load(mock.url, call.grpc, grpcRuns.warmUp);
        h2load(mock.url, restOf(call.rest), grpcRuns.warmUp);
        h2load(rawGrpc.url, call.grpc, grpcRuns.warmUp);
      }
      const runs = Object.entries(grpcCalls).map(([row, call]) => ({
        row,
        loads: [
          { column: GRPC, server: mock, run: () => h2load(mock.url, call.grpc, grpcRuns.seconds) },
          { column: REST, server: mock, run: () => h2load(mock.url, restOf(call.rest), grpcRuns.seconds) },
          { column: "raw node:http2 gRPC", server: rawGrpc, run: () => h2load(rawGrpc.url, call.grpc, grpcRuns.seconds) },
        ],
      }));
      for (let round = 0; round < grpcRuns.rounds; round++) {
        for (const { row, loads } of runs) for (const { column, server, run } of rotate(loads, round)) collect(grpcSamples, row, column, server, run, notes);
      }
      notes.push(
        `gRPC section: ${grpcRuns.rounds} interleaved rounds of ${grpcRuns.seconds} s after ${grpcRuns.warmUp} s of warm-up per server and call`,
        ...runs.map(({ row }) => perRoundRatios(grpcSamples, row, GRPC, REST, "gRPC ÷ REST")),
      );
    } else notes.push("h2load is missing and could not be installed (apt-get install nghttp2-client): no gRPC figures");
    return {
      rest: tableOf(restSamples.rps),
      grpc: tableOf(grpcSamples.rps),
      restCpu: tableOf(restSamples.cpu),
      grpcCpu: tableOf(grpcSamples.cpu),
      notes,
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
};

const GRPC = "mock gRPC (h2c)";
const REST = "mock REST (HTTP/1.1)";

/**
 * The gRPC section's runs: the same load time as REST's, in more and shorter rounds (at least one
 * second each), after a longer warm-up. Rounds on this kind of machine come out in two modes (the
 * same build at ~70 or ~100 µs per call), so three rounds give a median that moves by a third from
 * run to run; what is compared is gRPC against REST, so each round's own ratio counts (perRoundRatios).
 */
const grpcRunsOf = (rounds: number, seconds: number) => {
  const total = rounds * seconds;
  const shorter = Math.max(1, Math.floor(total / 9));
  return { rounds: Math.max(rounds, Math.floor(total / shorter)), seconds: Math.min(seconds, shorter), warmUp: Math.min(3, total) };
};

const range = (values: readonly number[]): string => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;

/**
 * `column` ÷ `over` of each round (the two ran in the same round), by req/s and by CPU per call (the
 * other's CPU over this one's): the median and the range. A slow phase of the machine that one
 * column's median caught moves these less (the bench's noise, decisions 042 and 045).
 */
const perRoundRatios = (samples: Samples, row: string, column: string, over: string, label: string): string => {
  const of = (map: Map<string, number[]>, name: string) => map.get(`${row}\u0000${name}`) ?? [];
  const [rps, overRps, cpu, overCpu] = [of(samples.rps, column), of(samples.rps, over), of(samples.cpu, column), of(samples.cpu, over)];
  const byRps = rps.map((value, i) => value / overRps[i]!);
  const byCpu = cpu.map((value, i) => overCpu[i]! / value);
  const cpuText = byCpu.length > 0 && cpu.length === overCpu.length ? `; by CPU per call ${median(byCpu).toFixed(2)}× (${range(byCpu)})` : "";
  return `${label}, ${row}, per round: req/s ${median(byRps).toFixed(2)}× (${range(byRps)})${cpuText}`;
};

/** The servers in another order each round, so none always runs first or last. */
const rotate = <T>(items: readonly T[], by: number): T[] => items.map((_, i) => items[(i + by) % items.length]!);

