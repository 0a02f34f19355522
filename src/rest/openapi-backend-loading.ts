import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as OpenApiBackendModule from "openapi-backend";

/** A turn of the event loop: signals, timers and sockets are served before the next step. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Whether the file is an ES module (`.mjs`, or `"type": "module"` in the nearest package.json). */
const isEsModule = (file: string): boolean => {
  if (file.endsWith(".mjs")) return true;
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { type?: string }).type === "module";
    } catch {
      // no package.json here: look further up
    }
  }
  return false;
};

/**
 * `import("openapi-backend")`, in steps. openapi-backend is CommonJS: its first `require` loads its
 * whole dependency tree (the ref parser, lodash, the schema validators) in one synchronous chain,
 * 0.3–1.6 s on a loaded machine, during which the process answered nothing, not even a SIGTERM
 * (issue 13). Here each of its direct dependencies is loaded on its own, with a turn of the event
 * loop between them (ES modules through `import()`, which reads and compiles their files
 * asynchronously); openapi-backend's own `require`s then find them loaded.
 *
 * Once per process, for every user (the REST gateway and the control API): a second loader that
 * `require`s openapi-backend while the first is in the middle of `import()`ing one of its ES module
 * dependencies fails in Node ("Cannot require() ES Module … because it is not yet fully loaded").
 * A failure is final, as it is for its callers, which keep their first promise: a module that did
 * not load (a missing or broken install) does not load on a second try either.
 */
export const importOpenApiBackend = (): Promise<typeof OpenApiBackendModule> => (loading ??= loadInSteps());

let loading: Promise<typeof OpenApiBackendModule> | undefined;

const loadInSteps = async (): Promise<typeof OpenApiBackendModule> => {
  // Resolved through `require` (test runners such as vitest's do not provide `import.meta.resolve`).
  const main = createRequire(import.meta.url).resolve("openapi-backend");
  const requireFromBackend = createRequire(main);
  try {
    const { dependencies = {} } = requireFromBackend("./package.json") as { dependencies?: Record<string, string> };
    for (const name of Object.keys(dependencies)) {
      await yieldToEventLoop();
      try {
        const file = requireFromBackend.resolve(name);
        if (isEsModule(file)) await import(pathToFileURL(file).href);
        else requireFromBackend(file);
      } catch {
        // A types-only package or one that does not load on its own: openapi-backend loads it itself.
      }
    }
  } catch {
    // The steps only spread the cost: without them openapi-backend loads all at once below.
  }
  await yieldToEventLoop();
  // `require`, not `import()`: the latter also scans every CommonJS file for its named exports.
  const backend = requireFromBackend(main) as typeof OpenApiBackendModule;
  await yieldToEventLoop();
  return backend;
};
