/**
 * CPU time a process has used (user + system), from /proc on Linux. Divided by the requests a load
 * run completed, it gives the server's CPU cost per request: far less sensitive than req/s to other
 * work on a shared machine, which takes cores away but not CPU time from the server's requests.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

let ticksPerSecond: number | undefined;

const clockTicks = (): number => {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  return ticksPerSecond;
};

/** Milliseconds of CPU the process has used so far, or undefined where /proc is not available. */
export const cpuMs = (pid: number | undefined): number | undefined => {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name (which is in parentheses and may hold spaces): utime is the 12th, stime the 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
  } catch {
    return undefined;
  }
};
