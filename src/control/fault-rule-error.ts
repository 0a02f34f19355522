/**
 * A rule that cannot be used; `path` names the field (`error.id`, `[2].delayMs.min`). In a file of
 * its own so the CLI can catch it without loading the rules' RPC table (decision 027).
 */
export class FaultRuleError extends Error {
  override readonly name = "FaultRuleError";
}
