/**
 * Start-up: spawn to the first 200 on /debug/healthz, for the compiled mock (default fixture) and a
 * bare express hello started the same way, interleaved; medians. Also the mock's spawn to its first
 * API 200 (GET /management/v1/orgs/me): its transports are created after the liveness probe
 * answers, their modules imported from the start alongside the fixture (decisions 027, 036). The
 * URL comes from the banner, which the mock prints once its fixture is loaded.
 */
import { startServer } from "./processes.js";
import { median } from "./stats.js";

export interface StartupResult {
  /** Median milliseconds from spawn to the first 200, per program. */
  readonly medians: Record<string, number>;
  readonly runs: number;
}

/** Milliseconds from spawn to the first 200 on `path` (default /debug/healthz). */
const spawnToFirst200 = async (name: string, command: string, args: string[], path = "/debug/healthz"): Promise<number> => {
  const started = performance.now();
  const server = await startServer(name, command, args);
  try {
    for (;;) {
      const res = await fetch(`${server.url}${path}`, { headers: { authorization: "Bearer acme-owner-token" } }).catch(() => undefined);
      if (res?.status === 200) {
        await res.arrayBuffer();
        return performance.now() - started;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    await server.stop();
  }
};

export const runStartup = async (cli: string, runs: number): Promise<StartupResult> => {
  const mock = [process.execPath, [cli, "--port", "0", "--quiet"]] as const;
  const programs: Record<string, [string, readonly string[], string?]> = {
    "zitadel-mock (dist, default fixture)": [...mock],
    "bare express hello": [process.execPath, ["bench/servers/express-hello.mjs", "0"]],
    "zitadel-mock, first API call (GET /management/v1/orgs/me)": [...mock, "/management/v1/orgs/me"],
  };
  const samples: Record<string, number[]> = {};
  for (const [name, [command, args, path]] of Object.entries(programs)) await spawnToFirst200(name, command, [...args], path); // warm the file cache
  for (let run = 0; run < runs; run++) {
    for (const [name, [command, args, path]] of Object.entries(programs)) (samples[name] ??= []).push(await spawnToFirst200(name, command, [...args], path));
  }
  return { medians: Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)])), runs };
};
