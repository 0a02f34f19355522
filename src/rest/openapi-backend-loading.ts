import type * as OpenApiBackendModule from "openapi-backend";
import { requireInSteps } from "../server/import-in-steps.js";

/**
 * `import("openapi-backend")`, in steps. openapi-backend is CommonJS: its first `require` loads its
 * whole dependency tree (the ref parser, lodash, the schema validators) in one synchronous chain,
 * 0.3–1.6 s on a loaded machine, during which the process answered nothing, not even a SIGTERM
 * (issue 13). Here each of its direct dependencies is loaded on its own, with a turn of the event
 * loop between them (requireInSteps, decision 043); openapi-backend's own `require`s then find
 * them loaded.
 *
 * Once per process, for every user (the REST gateway and the control API): a second loader that
 * `require`s openapi-backend while the first is in the middle of `import()`ing one of its ES module
 * dependencies fails in Node ("Cannot require() ES Module … because it is not yet fully loaded").
 * A failure is final, as it is for its callers, which keep their first promise: a module that did
 * not load (a missing or broken install) does not load on a second try either.
 */
export const importOpenApiBackend = (): Promise<typeof OpenApiBackendModule> =>
  (loading ??= requireInSteps("openapi-backend", import.meta.url) as Promise<typeof OpenApiBackendModule>);

let loading: Promise<typeof OpenApiBackendModule> | undefined;
