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
// It answers with its memory after that GC (one JSON line): heap, external and array buffers against RSS.
// Read a second after the GC: V8 and the allocator hand freed memory back to the system in the background.
process.on("SIGUSR2", async () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  gc?.();
  const resources: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) resources[kind] = (resources[kind] ?? 0) + 1;
  console.log(`memory ${JSON.stringify({ ...process.memoryUsage(), resources })}`);
});

// ATTACK_TRACE=1: every 250 ms on stderr, how late the timer fired (event-loop lag) and the memory.
if (process.env.ATTACK_TRACE) {
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const m = process.memoryUsage();
    console.error(`trace +${(now - last - 250).toFixed(0)} ms lag, rss ${(m.rss / 2 ** 20).toFixed(0)} MB, array buffers ${(m.arrayBuffers / 2 ** 20).toFixed(0)} MB`);
    last = now;
  }, 250).unref();
}
