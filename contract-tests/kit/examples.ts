/** A valid request for every operation, for cases that run over all of them (auth, org context). */
import { OPERATION_IDS, type OperationName, type OperationRequests } from "./transport.js";
import { b64 } from "./values.js";

/** The operations on org metadata (and GetMyOrg); user metadata has its own cases (user-metadata.contract.test.ts). */
export type OrgOperationName = Exclude<OperationName, `${string}UserMetadata`>;

export const ALL_OPERATIONS = (Object.keys(OPERATION_IDS) as OperationName[]).filter(
  (op): op is OrgOperationName => !op.endsWith("UserMetadata"),
);

export function exampleRequests(key: string): { [Op in OrgOperationName]: OperationRequests[Op] } {
  return {
    getMyOrg: {},
    setOrgMetadata: { key, value: b64("example") },
    bulkSetOrgMetadata: { metadata: [{ key, value: b64("example") }] },
    listOrgMetadata: { queries: [{ keyQuery: { key, method: "TEXT_QUERY_METHOD_EQUALS" } }] },
    getOrgMetadata: { key },
    removeOrgMetadata: { key },
    bulkRemoveOrgMetadata: { keys: [key] },
  };
}

/** An org id that does not exist (same shape as ZITADEL's ids). */
export function unknownOrgId(): string {
  return `9${String(Math.floor(Math.random() * 1e17)).padStart(17, "0")}`;
}
