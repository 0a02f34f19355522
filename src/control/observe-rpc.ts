import type { SizedMessage } from "../api/message-limits.js";
import { fromBinary, toJson, type DescMessage } from "@bufbuild/protobuf";
import type { CallContext } from "../core/auth/authorize.js";
import { ZitadelError } from "../core/errors.js";
import { currentCall } from "./call-context.js";
import { V2_METADATA_RPCS } from "../v2/v2-services.js";
import { BinaryBody, capBody, DeferredBody, JOURNAL_BODY_LIMIT } from "./request-journal.js";

/** The metadata keys a request names: `key`, `keys`, `metadata[].key`. */
const keysOf = (request: object): string[] => {
  const fields = request as { key?: unknown; keys?: unknown; metadata?: unknown };
  if (typeof fields.key === "string") return [fields.key];
  if (Array.isArray(fields.keys)) return fields.keys.filter((k): k is string => typeof k === "string");
  if (Array.isArray(fields.metadata)) return fields.metadata.map((m: { key?: unknown }) => m.key).filter((k): k is string => typeof k === "string");
  return [];
};

/** The RPCs that change state (what `--state-file` records), and whose metadata they change. */
const WRITE_RPCS = new Map<string, "org" | "user">([
  ...["SetOrgMetadata", "BulkSetOrgMetadata", "RemoveOrgMetadata", "BulkRemoveOrgMetadata"].map((rpc) => [rpc, "org"] as const),
  ...["SetUserMetadata", "BulkSetUserMetadata", "RemoveUserMetadata", "BulkRemoveUserMetadata"].map((rpc) => [rpc, "user"] as const),
  // v2 RPCs are named with their service (src/v2/v2-services): v1 has a SetUserMetadata too
  ...V2_METADATA_RPCS.filter((rpc) => !rpc.includes("/List")).map((rpc) => [rpc, rpc.endsWith("UserMetadata") ? "user" : "org"] as const),
]);

/** The org whose metadata a write changes: v2beta names it (`organizationId`), v1 writes the caller's org context. */
const targetOrgOf = (request: object, contextOrgId: string): string => {
  const { organizationId } = request as { organizationId?: unknown };
  return typeof organizationId === "string" ? organizationId : contextOrgId;
};

/** The user a user-metadata request names (v1 `id`, v2 `userId`); undefined for every other request. */
const targetUserOf = (rpc: string, request: object): string | undefined => {
  if (!rpc.endsWith("UserMetadata")) return undefined;
  const { id, userId } = request as { id?: unknown; userId?: unknown };
  const user = typeof userId === "string" ? userId : id;
  return typeof user === "string" ? user : undefined;
};

const journalJson = (schema: DescMessage, message: unknown): unknown => {
  try {
    return capBody(toJson(schema, message as never));
  } catch {
    return null;
  }
};

/** The same from the message's binary encoding. */
const journalJsonOfBinary = (schema: DescMessage, bytes: Uint8Array): unknown => journalJson(schema, fromBinary(schema, bytes));

/**
 * The message for the journal, as protojson when the journal is read. A message the cheap upper bound
 * (api/message-limits, shared with the size limit check) puts within the journal's limit, as most are, is kept as it is and rendered
 * only then; a larger one is measured now and kept as JSON only when it fits, else as
 * `{ truncated: true, bytes: <size of the protobuf message> }` (a 4 MiB value would cost a base64 text
 * of 5.6 MB), so the journal's memory stays bounded.
 */
const bodyOf = (sized: SizedMessage): unknown => {
  const { schema, message } = sized;
  try {
    if (sized.bound <= JOURNAL_BODY_LIMIT) return new DeferredBody(journalJson, schema, message);
    return sized.size > JOURNAL_BODY_LIMIT ? { truncated: true, bytes: sized.size } : journalJson(schema, message);
  } catch {
    return null;
  }
};

/**
 * The control plane's hook in the RPC pipeline (api/invokeRpc), the same for every transport: it
 * records the RPC, its org, user and bodies for the request journal, and `beforeOperation` applies the
 * fault rules once the caller is authorized, before any state changes. Outside a controlled call (no
 * control plane around the transport) it only runs the pipeline.
 */
export const observeRpc = (
  rpc: string,
  sizedRequest: SizedMessage,
  pipeline: (beforeOperation: (context: CallContext) => void) => SizedMessage,
): SizedMessage => {
  const call = currentCall();
  if (!call) return pipeline(() => undefined);
  const request = sizedRequest.message;
  // A transport that gives the bodies as bytes does so once the pipeline has run (journalBodiesFromBinary).
  const observation = { rpc, request: call.binaryBodies ? null : bodyOf(sizedRequest) } as NonNullable<typeof call.observation>;
  call.observation = observation;
  const user = targetUserOf(rpc, request);
  let keys: string[] | undefined; // read once, when needed
  try {
    const response = pipeline((context) => {
      observation.orgId = context.org.id;
      observation.userId = context.user.id;
      if (call.faults.any()) call.faults.applyRules(call, { rpc, transport: call.transport, orgId: context.org.id, userId: user, keys: (keys ??= keysOf(request)) });
    });
    if (!call.binaryBodies) observation.response = bodyOf(response);
    const written = WRITE_RPCS.get(rpc);
    // A user write is recorded as the user's, never as the org's.
    if (observation.orgId !== undefined && (written === "org" || (written === "user" && user !== undefined)))
      call.committed(targetOrgOf(request, observation.orgId), (keys ??= keysOf(request)), written === "user" ? user : undefined);
    return response;
  } catch (error) {
    if (error instanceof ZitadelError) observation.error = error;
    throw error;
  }
};

/** A body for the journal from a message's binary encoding: rendered when read, or its size if over the limit. */
const binaryBody = (schema: DescMessage, bytes: Uint8Array): unknown =>
  bytes.length > JOURNAL_BODY_LIMIT ? { truncated: true, bytes: bytes.length } : new BinaryBody(journalJsonOfBinary, schema, bytes);

/**
 * For a transport that decoded the call's request from `request` (of `input`) and encoded its response
 * as `response` (of `output`; undefined when the call failed), its calls saying `binaryBodies`: the
 * journal gets those bytes, not the messages, copies them into buffers of its own and renders them when
 * read (decisions 037, 040, 042). A record lives for the journal's last 1000 calls, long enough for the
 * garbage collector to copy and promote what it holds; it now holds nothing the call allocated. The
 * same bodies as bodyOf's: a message's exact size is its bytes' length (`{ truncated, bytes }` over
 * 16 KiB), and one within the limit renders as the message would (it was decoded from those bytes, or
 * encoded into them).
 */
export const journalBodiesFromBinary = (input: DescMessage, request: Uint8Array, output: DescMessage, response: Uint8Array | undefined): void => {
  const observation = currentCall()?.observation;
  if (observation === undefined) return;
  observation.request = binaryBody(input, request);
  if (response !== undefined && observation.error === undefined) observation.response = binaryBody(output, response);
};
