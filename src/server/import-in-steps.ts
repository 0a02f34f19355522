import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

/** A turn of the event loop: signals, timers and sockets are served before the next step. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs each step (an `import()` of part of a module graph) on its own, with a turn of the event loop
 * before each and after the last. Node loads a graph synchronously once it is asked for it (Node 22:
 * resolving, reading, compiling and evaluating every module of an `import()` in one go; Node 20 in
 * small asynchronous pieces; a CommonJS `require` chain on every version), during which the process
 * answers nothing. Split into sub-graphs, the same work leaves the event loop a turn every few tens
 * of milliseconds (decision 043). A step that fails is skipped: whatever needs it fails in its own
 * import and says why.
 */
export const importInSteps = async (steps: readonly (() => Promise<unknown>)[]): Promise<void> => {
  for (const step of steps) {
    await yieldToEventLoop();
    try {
      await step();
    } catch {
      // Only spreads the cost: the import that needs it reports the failure.
    }
  }
  await yieldToEventLoop();
};

/** The package.json nearest to the file (its own package's), if any can be read. */
const nearestPackageJson = (file: string): { type?: string; dependencies?: Record<string, string> } | undefined => {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { type?: string; dependencies?: Record<string, string> };
    } catch {
      // no package.json here: look further up
    }
  }
  return undefined;
};

/** Whether the file is an ES module (`.mjs`, or `"type": "module"` in its package.json). */
const isEsModule = (file: string): boolean => file.endsWith(".mjs") || nearestPackageJson(file)?.type === "module";

/**
 * `require(name)` for a CommonJS package, in steps: each of its direct dependencies loaded on its own
 * first (ES modules through `import()`), a turn of the event loop between them; the package's own
 * `require`s then find them loaded. `from` is the file the package is resolved from.
 */
export const requireInSteps = async (name: string, from: string): Promise<unknown> => {
  // Resolved through `require` (test runners such as vitest's do not provide `import.meta.resolve`).
  const main = createRequire(from).resolve(name);
  const requireFromPackage = createRequire(main);
  // Without its package.json there are no steps: the package loads all at once below.
  const dependencies = nearestPackageJson(main)?.dependencies ?? {};
  await importInSteps(
    Object.keys(dependencies).map((dependency) => async () => {
      // A types-only package or one that does not load on its own is skipped: the package loads it itself.
      const file = requireFromPackage.resolve(dependency);
      if (isEsModule(file)) await import(pathToFileURL(file).href);
      else requireFromPackage(file);
    }),
  );
  // `require`, not `import()`: the latter also scans every CommonJS file for its named exports.
  const loaded = requireFromPackage(main);
  await yieldToEventLoop();
  return loaded;
};
