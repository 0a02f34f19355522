import type { IncomingMessage, ServerResponse } from "node:http";
import type { Instance } from "../core/instance.js";
import { answerHealthz } from "../rest/probe-routes.js";
import { setZitadelRestHeaders } from "../rest/zitadel-response-headers.js";
import type { StreamHandler } from "./http2-streams.js";
import type { RequestHandler } from "./one-port-server.js";
import { protocolOf } from "./protocol-routing.js";
import { importTransports } from "./transport-imports.js";
import type { Transports, TransportsOptions } from "./transports.js";
import { handleZitadelCors } from "./zitadel-cors.js";

/**
 * The seam between a mock's start path and its transports (decision 027). The start path (CLI,
 * fixture, instance, the one-port server) loads no protobuf descriptors, connect-node, express or
 * openapi-backend: they are imported here, in the background, once needed (see loadTransports).
 * Until they are in, the liveness probe (`GET /debug/healthz`: the process is up) is answered at
 * once, exactly as the REST gateway answers it; every other request (readiness included) waits for
 * the transports and is then handled as usual, so the first request of each kind is answered right.
 */
export interface LoadingTransports {
  /** Every protocol, usable at once. */
  readonly handler: RequestHandler;
  /** The transports' stream handler once they are in; until then it leaves every stream to `handler`. */
  readonly streamHandler: StreamHandler;
  /** The REST app with the control plane (`mock.app`), usable at once. */
  readonly app: (req: IncomingMessage, res: ServerResponse) => void;
  /** Starts loading them if not yet; settles when they are in (rejects with what stopped them: a bad --faults file, a state file). */
  readonly ready: Promise<Transports>;
  /** The transports, once in. */
  loaded(): Transports | undefined;
}

/** `GET`/`HEAD /debug/healthz` over REST, with a path the gateway would not redirect. */
const isLivenessProbe = (req: Parameters<RequestHandler>[0]): boolean =>
  (req.method === "GET" || req.method === "HEAD") && /^\/debug\/healthz(?:\?|$)/.test(req.url ?? "") && protocolOf(req) === "rest";

/** What the transports answer to the liveness probe: ZITADEL's CORS and REST headers, then "ok". */
const answerLivenessProbe: RequestHandler = (req, res) => {
  if (handleZitadelCors(req, res)) return;
  setZitadelRestHeaders(res);
  answerHealthz(req, res);
};

/** What loadTransports takes: the transports' options, with the instance maybe still being built (its fixture loading). */
export interface LoadingTransportsOptions extends Omit<TransportsOptions, "instance"> {
  readonly instance: Instance | PromiseLike<Instance>;
  /**
   * When to start importing the transports' modules (default: at once); they are imported sooner if
   * `ready` is read or a request needs them. Node 22 imports a module graph synchronously, blocking
   * this thread for the 0.4 s it takes: openMockServer starts it once the mock is up (decision 043).
   */
  readonly importWhen?: PromiseLike<unknown>;
}

/**
 * openapi-backend, which the first REST call loads (decision 009: 0.2–0.3 s here), loaded while the
 * instance is still being built once the transports' modules are in (a large fixture on its worker
 * thread, decision 036): this thread is idle then, and the first call no longer waits for it
 * (decision 039). A small fixture is in first: then nothing is loaded ahead, as before. Settles
 * when done; never rejects. `warmUp` is for tests.
 */
export const warmUpWhileSeeding = (
  imported: Promise<unknown>,
  instance: Instance | PromiseLike<Instance>,
  warmUp = async (): Promise<unknown> => (await import("../rest/openapi-backend-loading.js")).importOpenApiBackend(),
): Promise<void> => {
  let seeded = false;
  Promise.resolve(instance).then(
    () => (seeded = true),
    () => (seeded = true),
  );
  return imported
    .then(async () => {
      if (!seeded) await warmUp();
    })
    .catch(() => undefined); // the first REST call gets the same (cached) failure and reports it
};

/**
 * The transports of one mock: their modules are imported in the background, at once or when
 * `importWhen` settles (they do not need the instance, so they load while the fixture does, decision
 * 036); they are created when `ready` is first read (createMockServer reads it at once; the CLI
 * right after it listens) or a request other than the liveness probe arrives, once the instance is
 * in. `load` is for tests (to hold the transports back, or see when they are imported).
 */
export const loadTransports = (options: LoadingTransportsOptions, load = importTransports): LoadingTransports => {
  let transports: Transports | undefined;
  let loading: Promise<Transports> | undefined;
  let imported: ReturnType<typeof load> | undefined;
  const startImport = (): ReturnType<typeof load> => {
    if (!imported) {
      imported = load();
      imported.catch(() => undefined); // reported through `ready`
      void warmUpWhileSeeding(imported, options.instance);
    }
    return imported;
  };
  if (options.importWhen) options.importWhen.then(startImport, startImport);
  else startImport();
  const ready = (): Promise<Transports> => {
    if (!loading) {
      loading = Promise.all([startImport(), options.instance]).then(async ([{ createTransports }, instance]) => (transports = await createTransports({ ...options, instance })));
      loading.catch(() => undefined); // whoever creates the mock awaits `ready`; queued requests are dropped
    }
    return loading;
  };
  /** Handles the request once the transports are in; a request that finds them failed is dropped. */
  const whenReady =
    <Req, Res extends { destroy(): unknown }>(pick: (loaded: Transports) => (req: Req, res: Res) => void) =>
    (req: Req, res: Res): void => {
      if (transports) return pick(transports)(req, res);
      ready().then(
        (loaded) => pick(loaded)(req, res),
        () => res.destroy(),
      );
    };
  const handle = whenReady<Parameters<RequestHandler>[0], Parameters<RequestHandler>[1]>((loaded) => loaded.handler);
  return {
    handler: (req, res) => (transports || !isLivenessProbe(req) ? handle(req, res) : answerLivenessProbe(req, res)),
    streamHandler: (stream, headers, flags, rawHeaders, body) => transports !== undefined && transports.streamHandler(stream, headers, flags, rawHeaders, body),
    app: whenReady((loaded) => loaded.app),
    get ready() {
      return ready();
    },
    loaded: () => transports,
  };
};
