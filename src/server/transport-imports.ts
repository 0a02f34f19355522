import { importInSteps, requireInSteps } from "./import-in-steps.js";
import type * as TransportsModule from "./transports.js";

/**
 * The transports' module (REST, gRPC, gRPC-web, the control plane), imported in steps (decision
 * 043): its heavy dependencies first, each sub-graph on its own with a turn of the event loop
 * between (about 50 ms each or less here, management_pb's descriptor the largest at ~100 ms),
 * then the transports' own modules. Node 22 loads one `import()` of the whole graph synchronously,
 * 0.4–0.6 s here, during which the liveness probe (and a signal) waited. The order follows the
 * imports: a later step finds what an earlier one loaded. A dependency dropped from the transports
 * stays listed here harmlessly until removed; a renamed one fails the typecheck.
 */
export const importTransports = async (): Promise<typeof TransportsModule> => {
  await importInSteps(TRANSPORT_IMPORT_STEPS);
  return import("./transports.js");
};

/** The steps, in order (exported for the test that each loads). */
export const TRANSPORT_IMPORT_STEPS: readonly (() => Promise<unknown>)[] = [
    () => import("@bufbuild/protobuf/wire"),
    () => import("@bufbuild/protobuf/reflect"),
    () => import("@bufbuild/protobuf/codegenv1"),
    () => import("@bufbuild/protobuf"),
    () => import("@bufbuild/protobuf/wkt"),
    () => import("@connectrpc/connect/protocol"),
    () => import("@connectrpc/connect/protocol-connect"),
    () => import("@connectrpc/connect/protocol-grpc"),
    () => import("@connectrpc/connect/protocol-grpc-web"),
    () => import("@connectrpc/connect"),
    () => import("@connectrpc/connect-node"),
    // management_pb's own imports, then its descriptor (the largest step).
    () => import("@zitadel/proto/zitadel/object_pb.js"),
    () => import("@zitadel/proto/zitadel/user_pb.js"),
    () => import("@zitadel/proto/zitadel/app_pb.js"),
    () => import("@zitadel/proto/zitadel/text_pb.js"),
    () => import("@zitadel/proto/zitadel/management_pb.js"),
    () => requireInSteps("express", import.meta.url),
    () => import("ajv"),
    () => import("../control/index.js"),
    () => import("../rest/rest-gateway.js"),
    () => import("../rest/rest-app.js"),
];
