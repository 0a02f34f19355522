import { pickDelayMs } from "../server/response-delay.js";
import picomatch from "picomatch";
import { ManagementService } from "../api/management-api.js";
import { Errors, StatusCode, ZitadelError, type ErrorDefinition } from "../core/errors.js";
import type { CallFaults, ControlledCall, FaultTarget } from "./call-context.js";
import { V2_METADATA_RPCS } from "../v2/v2-services.js";
import { FaultRuleError } from "./fault-rule-error.js";

/** A fault rule as users write it (`POST /__mock/faults`, `--faults <file>`); the shape is fixed. */
export interface FaultRuleInput {
  match?: { rpc?: string; transport?: "rest" | "grpc" | "grpc-web" | "connect"; orgId?: string; userId?: string; key?: string };
  delayMs?: number | { min: number; max: number };
  error?: { id: string } | { code: number; message: string };
  drop?: boolean;
  times?: number;
  probability?: number;
}

export interface FaultRule extends FaultRuleInput {
  id: string;
}

export { FaultRuleError } from "./fault-rule-error.js";

/** Every catalogue error with an id, by id: the errors a rule may name. */
const catalogueById = new Map<string, ErrorDefinition>(
  Object.values(Errors as Record<string, ErrorDefinition>).flatMap((definition) => (definition.id ? [[definition.id, definition]] : [])),
);

const RPC_NAMES = new Set<string>([...ManagementService.methods.map((method) => method.name), ...V2_METADATA_RPCS]);
const GRPC_CODES = new Set<number>(Object.values(StatusCode));

/**
 * The checks the control spec's schema cannot express: at least one effect, an error id from the
 * catalogue, a known RPC, a delay range in order. The shape itself is checked by the spec (or, for
 * `--faults`, by the same schema through parseFaultRules).
 */
export const checkFaultRule = (rule: FaultRuleInput, at = ""): void => {
  const field = (name: string) => (at ? `${at}.${name}` : name);
  if (rule.delayMs === undefined && rule.error === undefined && rule.drop !== true) {
    throw new FaultRuleError(`${at ? `${at}: ` : ""}a fault rule needs at least one effect: "delayMs", "error" or "drop": true`);
  }
  if (rule.match?.rpc !== undefined && !RPC_NAMES.has(rule.match.rpc)) {
    throw new FaultRuleError(`${field("match.rpc")}: "${rule.match.rpc}" is no RPC the mock serves (write it as in the journal, e.g. "GetOrgMetadata" or "zitadel.user.v2.UserService/SetUserMetadata")`);
  }
  if (rule.error && "id" in rule.error && !catalogueById.has(rule.error.id)) {
    throw new FaultRuleError(`${field("error.id")}: "${rule.error.id}" is not in the mock's error catalogue; known ids: ${[...catalogueById.keys()].join(", ")}`);
  }
  if (rule.error && "code" in rule.error && !GRPC_CODES.has(rule.error.code)) {
    throw new FaultRuleError(`${field("error.code")}: ${rule.error.code} is not a gRPC code ZITADEL answers with; use one of ${[...GRPC_CODES].join(", ")}`);
  }
  if (typeof rule.delayMs === "object" && rule.delayMs.min > rule.delayMs.max) {
    throw new FaultRuleError(`${field("delayMs")}: "min" (${rule.delayMs.min}) is greater than "max" (${rule.delayMs.max})`);
  }
};

const errorOf = (error: NonNullable<FaultRuleInput["error"]>): ZitadelError =>
  new ZitadelError("id" in error ? catalogueById.get(error.id)! : { code: error.code as StatusCode, message: error.message });

const delayOf = (delay: NonNullable<FaultRuleInput["delayMs"]>): number =>
  typeof delay === "number" ? delay : pickDelayMs({ minMs: delay.min, maxMs: delay.max });

/** The connection is gone: the pipeline stops here and nothing is answered. */
export class DroppedCall extends Error {
  override readonly name = "DroppedCall";
}

interface ActiveRule {
  readonly rule: FaultRule;
  readonly matchesKey: ((key: string) => boolean) | undefined;
}

/**
 * The fault rules of one mock, in the order they were added. The first rule that matches a call
 * (and passes its `probability`) applies: it holds the response, then answers the error or drops the
 * connection. A hit counts against `times`; the rule is gone after its last one.
 */
export class FaultRules implements CallFaults {
  private rules: ActiveRule[] = [];
  private nextId = 1;

  add(input: FaultRuleInput): FaultRule {
    checkFaultRule(input);
    const rule: FaultRule = { id: String(this.nextId++), ...structuredClone(input) };
    const glob = input.match?.key;
    this.rules.push({ rule, matchesKey: glob === undefined ? undefined : picomatch(glob, { dot: true }) });
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map(({ rule }) => structuredClone(rule));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter(({ rule }) => rule.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  any(): boolean {
    return this.rules.length > 0;
  }

  applyRules(call: ControlledCall, target: FaultTarget): void {
    const hit = this.rules.find((active) => matches(active, target) && Math.random() < (active.rule.probability ?? 1));
    if (!hit) return;
    const { rule } = hit;
    if (rule.times !== undefined) {
      rule.times -= 1;
      if (rule.times <= 0) this.remove(rule.id);
    }
    if (rule.delayMs !== undefined) call.hold(delayOf(rule.delayMs));
    if (rule.drop === true) {
      call.drop();
      throw new DroppedCall(`dropped by fault rule ${rule.id}`);
    }
    if (rule.error) throw errorOf(rule.error);
  }
}

const matches = ({ rule, matchesKey }: ActiveRule, target: FaultTarget): boolean => {
  const match = rule.match ?? {};
  if (match.rpc !== undefined && match.rpc !== target.rpc) return false;
  if (match.transport !== undefined && match.transport !== target.transport) return false;
  if (match.orgId !== undefined && match.orgId !== target.orgId) return false;
  if (match.userId !== undefined && match.userId !== target.userId) return false;
  return !matchesKey || target.keys.some(matchesKey);
};
