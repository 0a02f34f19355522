/**
 * Start-up: spawn to the first 200 on /debug/healthz, for the compiled mock (default fixture) and a
 * bare express hello started the same way, interleaved; medians.
 */
import { startServer } from "./processes.js";
import { median } from "./stats.js";

export interface StartupResult {
  /** Median milliseconds from spawn to the first 200, per program. */
  readonly medians: Record<string, number>;
  readonly runs: number;
}

/** Milliseconds from spawn to the first 200 on /debug/healthz. */
const spawnToFirst200 = async (name: string, command: string, args: string[]): Promise<number> => {
  const started = performance.now();
  const server = await startServer(name, command, args);
  try {
    for (;;) {
      const res = await fetch(`${server.url}/debug/healthz`).catch(() => undefined);
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
  const programs: Record<string, [string, string[]]> = {
    "zitadel-mock (dist, default fixture)": [process.execPath, [cli, "--port", "0", "--quiet"]],
    "bare express hello": [process.execPath, ["bench/servers/express-hello.mjs", "0"]],
  };
  const samples: Record<string, number[]> = {};
  for (const [name, [command, args]] of Object.entries(programs)) await spawnToFirst200(name, command, args); // warm the file cache
  for (let run = 0; run < runs; run++) {
    for (const [name, [command, args]] of Object.entries(programs)) (samples[name] ??= []).push(await spawnToFirst200(name, command, args));
  }
  return { medians: Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)])), runs };
};
