/**
 * The load generators: wrk for HTTP/1.1 (Debian `wrk`) and h2load for gRPC and h2c (Debian
 * `nghttp2-client`), both installed by the bench when missing. Each run returns requests per second.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TMP } from "./processes.js";

export interface HttpCall {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  /** Requests completed in the run. */
  readonly requests: number;
  /** Responses that were no success (non-2xx for HTTP/1.1, failed or errored for h2load). */
  readonly failures: number;
}

const luaString = (text: string): string => JSON.stringify(text);

const wrkScript = (call: HttpCall): string => {
  mkdirSync(TMP, { recursive: true });
  const file = join(TMP, `wrk-${call.method}-${call.path.replace(/\W+/g, "_")}.lua`);
  const lines = [`wrk.method = ${luaString(call.method)}`, `wrk.path = ${luaString(call.path)}`];
  for (const [name, value] of Object.entries(call.headers)) lines.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`);
  if (call.body !== undefined) lines.push(`wrk.body = ${luaString(call.body)}`);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
};

/** wrk, one thread, `connections` keep-alive connections, for `seconds`. */
export const wrk = (baseUrl: string, call: HttpCall, seconds: number, connections = 16): LoadResult => {
  const out = spawnSync("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, "-s", wrkScript(call), baseUrl], { encoding: "utf8" });
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out.stdout)?.[1];
  if (!rps) throw new Error(`wrk failed: ${out.stdout}${out.stderr}`);
  const failures = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out.stdout)?.[1] ?? 0);
  const requests = Number(/(\d+) requests in/.exec(out.stdout)?.[1] ?? 0);
  return { requestsPerSecond: Number(rps), requests, failures };
};

export interface H2Call {
  readonly path: string;
  readonly headers: Record<string, string>;
  /** The request body (a gRPC frame); none for GET. */
  readonly body?: Buffer;
  /** HTTP/1.1 instead of h2c (same generator, for a REST comparison). */
  readonly http1?: boolean;
}

/** h2load for `seconds`: `clients` connections with up to `streams` concurrent streams each. */
export const h2load = (baseUrl: string, call: H2Call, seconds: number, clients = 16, streams = 4): LoadResult => {
  const args = ["-D", String(seconds), "-c", String(clients), "-m", call.http1 ? "1" : String(streams), "-t", "1"];
  if (call.http1) args.push("--h1");
  for (const [name, value] of Object.entries(call.headers)) args.push("-H", `${name}: ${value}`);
  if (call.body) {
    const file = join(TMP, `h2load-${call.path.replace(/\W+/g, "_")}.bin`);
    mkdirSync(TMP, { recursive: true });
    writeFileSync(file, call.body);
    args.push("-d", file);
  }
  args.push(`${baseUrl}${call.path}`);
  const out = spawnSync("h2load", args, { encoding: "utf8" });
  const rps = /finished in [\d.]+m?s, ([\d.]+) req\/s/.exec(out.stdout)?.[1];
  if (!rps) throw new Error(`h2load failed: ${out.stdout}${out.stderr}`);
  const status = /requests: \d+ total, \d+ started, \d+ done, \d+ succeeded, (\d+) failed, (\d+) errored/.exec(out.stdout);
  const non2xx = /status codes: \d+ 2xx, \d+ 3xx, (\d+) 4xx, (\d+) 5xx/.exec(out.stdout);
  const failures = Number(status?.[1] ?? 0) + Number(status?.[2] ?? 0) + Number(non2xx?.[1] ?? 0) + Number(non2xx?.[2] ?? 0);
  const requests = Number(/requests: \d+ total, \d+ started, (\d+) done/.exec(out.stdout)?.[1] ?? 0);
  return { requestsPerSecond: Number(rps), requests, failures };
};

/** A gRPC message in its length-prefixed frame (uncompressed). */
export const grpcFrame = (message: Uint8Array): Buffer => {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  return frame;
};
