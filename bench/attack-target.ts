/**
 * The mock as a separate process for bench/attacks.ts, so that an attack's CPU and memory are the
 * server's own (read from /proc) and a stalled server can be killed. Prints its URL on stdout.
 * ATTACK_LIMITS (JSON) overrides the connection limits, so a run takes seconds, not minutes.
 */
import { createMockServer } from "../src/index.js";

const limits = JSON.parse(process.env.ATTACK_LIMITS ?? "{}") as Record<string, number>;
const mock = await createMockServer({ port: 0, limits });
const { url } = await mock.start();
console.log(url);
// The bench asks for a full GC (SIGUSR2) before it reads "RSS after": retained memory, not GC laziness.
process.on("SIGUSR2", () => (globalThis as { gc?: () => void }).gc?.());
