/**
 * What the cases call: one method per operation, with the target's token and org as defaults.
 * Writes pass the key guard and are registered for teardown before they reach the transport.
 */
import type { KeyRegistry, WriteContext } from "./keys.js";
import {
  isRawTransport,
  WRITE_OPERATIONS,
  type OperationName,
  type OperationRequests,
  type OperationResponses,
  type OpResult,
  type RawRequest,
  type Transport,
  type WireContext,
} from "./transport.js";

const SET_OPERATIONS = new Set<OperationName>(["setOrgMetadata", "bulkSetOrgMetadata"]);

export interface CallOptions {
  /** Bearer token; default: the target's token. */
  token?: string;
  /** Org context (`x-zitadel-orgid`); default: the target's org; null sends no header (the token user's org). */
  orgId?: string | null;
  /** Sent verbatim as the Authorization header instead of `Bearer <token>`; null sends none. */
  rawAuthorization?: string | null;
}

export interface ClientDefaults {
  token: string;
  orgId: string | null;
}

export class ContractClient {
  constructor(
    readonly transport: Transport,
    private readonly defaults: ClientDefaults,
    private readonly registry: KeyRegistry,
  ) {}

  getMyOrg(options?: CallOptions) {
    return this.call("getMyOrg", {}, options);
  }
  setOrgMetadata(request: OperationRequests["setOrgMetadata"], options?: CallOptions) {
    return this.call("setOrgMetadata", request, options);
  }
  bulkSetOrgMetadata(request: OperationRequests["bulkSetOrgMetadata"], options?: CallOptions) {
    return this.call("bulkSetOrgMetadata", request, options);
  }
  listOrgMetadata(request: OperationRequests["listOrgMetadata"] = {}, options?: CallOptions) {
    return this.call("listOrgMetadata", request, options);
  }
  getOrgMetadata(request: OperationRequests["getOrgMetadata"], options?: CallOptions) {
    return this.call("getOrgMetadata", request, options);
  }
  removeOrgMetadata(request: OperationRequests["removeOrgMetadata"], options?: CallOptions) {
    return this.call("removeOrgMetadata", request, options);
  }
  bulkRemoveOrgMetadata(request: OperationRequests["bulkRemoveOrgMetadata"], options?: CallOptions) {
    return this.call("bulkRemoveOrgMetadata", request, options);
  }
  setUserMetadata(request: OperationRequests["setUserMetadata"], options?: CallOptions) {
    return this.call("setUserMetadata", request, options);
  }
  bulkSetUserMetadata(request: OperationRequests["bulkSetUserMetadata"], options?: CallOptions) {
    return this.call("bulkSetUserMetadata", request, options);
  }
  listUserMetadata(request: OperationRequests["listUserMetadata"], options?: CallOptions) {
    return this.call("listUserMetadata", request, options);
  }
  getUserMetadata(request: OperationRequests["getUserMetadata"], options?: CallOptions) {
    return this.call("getUserMetadata", request, options);
  }
  removeUserMetadata(request: OperationRequests["removeUserMetadata"], options?: CallOptions) {
    return this.call("removeUserMetadata", request, options);
  }
  bulkRemoveUserMetadata(request: OperationRequests["bulkRemoveUserMetadata"], options?: CallOptions) {
    return this.call("bulkRemoveUserMetadata", request, options);
  }

  /** Any operation by name (for cases that run over every operation). */
  async call<Op extends OperationName>(
    op: Op,
    request: OperationRequests[Op],
    options: CallOptions = {},
  ): Promise<OpResult<OperationResponses[Op]>> {
    const wire = this.wire(options);
    if (!WRITE_OPERATIONS.has(op)) return this.transport.call(op, request, wire);
    const keys = writtenKeys(op, request);
    this.beforeWrite(keys, op, options, wire, SET_OPERATIONS.has(op));
    const result = await this.transport.call(op, request, wire);
    if (SET_OPERATIONS.has(op)) this.registry.settle(keys, this.writeContext(options, wire), result.ok ? "ok" : "error");
    return result;
  }

  /**
   * A REST request outside the operation table. `writes` names the keys it may write (guarded and
   * registered like any write).
   */
  async raw(request: RawRequest & { writes?: string[] }, options: CallOptions = {}) {
    if (!isRawTransport(this.transport)) throw new Error(`transport ${this.transport.name} cannot send raw requests`);
    const { writes, ...raw } = request;
    const wire = this.wire(options);
    if (writes) this.beforeWrite(writes, `${raw.method} ${raw.path}`, options, wire, true);
    const result = await this.transport.raw(raw, wire);
    if (writes) this.registry.settle(writes, this.writeContext(options, wire), result.ok ? "ok" : "error");
    return result;
  }

  /** The same client with other defaults (e.g. another token). */
  with(defaults: Partial<ClientDefaults>): ContractClient {
    return new ContractClient(this.transport, { ...this.defaults, ...defaults }, this.registry);
  }

  private wire(options: CallOptions): WireContext {
    const token = options.token ?? this.defaults.token;
    return {
      authorization: options.rawAuthorization !== undefined ? options.rawAuthorization : `Bearer ${token}`,
      orgId: options.orgId !== undefined ? options.orgId : this.defaults.orgId,
    };
  }

  /** Refuses foreign keys; registers keys about to be set so teardown removes them even if the case fails. */
  private beforeWrite(
    keys: Array<string | undefined>,
    action: string,
    options: CallOptions,
    wire: WireContext,
    sets: boolean,
  ): void {
    this.registry.guard(keys, action);
    if (sets) this.registry.register(keys, this.writeContext(options, wire));
  }

  private writeContext(options: CallOptions, wire: WireContext): WriteContext {
    return { orgId: wire.orgId, token: options.token ?? this.defaults.token };
  }
}

function writtenKeys<Op extends OperationName>(op: Op, request: OperationRequests[Op]): Array<string | undefined> {
  const r = request as Partial<OperationRequests["setOrgMetadata"] & OperationRequests["bulkSetOrgMetadata"] & OperationRequests["bulkRemoveOrgMetadata"]>;
  switch (op) {
    case "setOrgMetadata":
    case "removeOrgMetadata":
    case "setUserMetadata":
    case "removeUserMetadata":
      return [r.key];
    case "bulkSetOrgMetadata":
    case "bulkSetUserMetadata":
      return (r.metadata ?? []).map((m) => m.key);
    case "bulkRemoveOrgMetadata":
    case "bulkRemoveUserMetadata":
      return r.keys ?? [];
    default:
      return [];
  }
}
