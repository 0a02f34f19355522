import type { ZitadelError } from "../core/errors.js";
import type { WireProtocol } from "../server/protocol-routing.js";

/** What the RPC pipeline tells the control plane about the call it runs (see observeRpc). */
export interface RpcObservation {
  rpc: string;
  /** The request message for the journal (size-capped protojson, possibly a DeferredBody or BinaryBody rendered when read). */
  request?: unknown;
  orgId?: string;
  userId?: string;
  /** The response message for the journal, as `request`, on success. */
  response?: unknown;
  error?: ZitadelError;
}

/**
 * One API call as the control plane follows it: set by the per-transport wrapper (transport,
 * response), filled by the RPC pipeline (rpc, org, user, bodies), read back when the response closes.
 */
export interface ControlledCall {
  readonly transport: WireProtocol;
  observation?: RpcObservation;
  /**
   * Set by a transport that decodes the request and encodes the response itself and gives the journal
   * both as bytes (`journalBodiesFromBinary`, the gRPC stream path): the pipeline's hook then leaves
   * the bodies to it, and does not bound the response's size for the journal as well (decisions 040,
   * 042).
   */
  readonly binaryBodies?: boolean;
  /** Called by the fault hook: holds the response `ms` before it is written. */
  hold(ms: number): void;
  /** Called by the fault hook: destroys the connection (HTTP/1.1) or resets the stream (HTTP/2). */
  drop(): void;
  /**
   * Called by a writer that writes a whole answer at once on the HTTP/2 stream API (decision 031):
   * runs `write` now, or once a hold is over; never after a drop. (A Node response is held by
   * holding its own writing methods: its writers call this never.)
   */
  send(write: () => void): void;
  readonly faults: CallFaults;
  /**
   * Called by the pipeline after a write RPC succeeded, before its response: `--state-file` records it.
   * `userId` is set for user metadata (the user's keys, in the org `orgId`).
   */
  committed(orgId: string, keys: readonly string[], userId?: string): void;
}

/** The fault rules, as the pipeline's hook sees them (see FaultRules.applyRules). */
export interface CallFaults {
  /** Whether any rule is set (most calls of most runs see none: no target is built for them). */
  any(): boolean;
  applyRules(call: ControlledCall, target: FaultTarget): void;
}

/** What a fault rule can match on, known once the call is authorized. */
export interface FaultTarget {
  readonly rpc: string;
  readonly transport: WireProtocol;
  readonly orgId: string;
  /** The user whose metadata a user-metadata request names (its `id`); undefined for other RPCs. */
  readonly userId?: string | undefined;
  /** The metadata keys the request names (none for GetMyOrg and list calls). */
  readonly keys: readonly string[];
}

/** The call of the synchronous run going on (runSyncCall). */
let syncCall: ControlledCall | undefined;

const CALL = Symbol("zitadel-mock.controlledCall");

/** A Node request (or anything a transport handles) that carries its controlled call. */
interface CallCarrier {
  [CALL]?: ControlledCall;
}

/**
 * Gives a Node request its controlled call (the control plane's wrapper does, decision 040): the
 * transport that runs the pipeline for the request, later and maybe after reading its body, makes it
 * current for that run with `runSyncCall(callOf(req), …)`. No AsyncLocalStorage: its async hooks,
 * once enabled, cost every asynchronous operation of the process (every stream, tick and write).
 * Whoever attaches detaches once the response has closed (`attachCall(req, undefined)`): a request
 * left pointing to its call (and through it to its response) made the collector keep requests long
 * over (REST Get: 2.9 MB instead of 0.5 MB survived each scavenge, decision 040).
 */
export const attachCall = (req: object, call: ControlledCall | undefined): void => {
  (req as CallCarrier)[CALL] = call;
};

/** The controlled call a Node request carries, if any (attachCall). */
export const callOf = (req: object): ControlledCall | undefined => (req as CallCarrier)[CALL];

/**
 * Runs `fn` with `call` as the current call while `fn` runs, and no longer: every transport runs the
 * pipeline synchronously (decisions 037, 040), so the call is a variable set for the run. What `fn`
 * leaves to run later does not see the call.
 */
export const runSyncCall = <T>(call: ControlledCall | undefined, fn: () => T): T => {
  const outer = syncCall;
  syncCall = call;
  try {
    return fn();
  } finally {
    syncCall = outer;
  }
};

/** The call being handled, when a control plane follows it (undefined e.g. in unit tests of the pipeline). */
export const currentCall = (): ControlledCall | undefined => syncCall;
