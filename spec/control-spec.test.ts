/**
 * spec/control.openapi.yaml is a valid OpenAPI document whose operations are exactly the ones the
 * control API implements (the mock loads it with openapi-backend's `quick` option, which checks nothing).
 */
import { OpenAPIBackend } from "openapi-backend";
import { describe, expect, it } from "vitest";
import { CONTROL_SPEC } from "../src/control/control-api.js";
import { CONTROL_ROOT } from "../src/control/control-path.js";

describe("spec/control.openapi.yaml", () => {
  it("is a valid OpenAPI 3 document with the control API's operations", { timeout: 60_000 }, async () => {
    const api = new OpenAPIBackend({ definition: CONTROL_SPEC, apiRoot: CONTROL_ROOT, strict: true });
    await api.init();
    expect(api.getOperations().map((operation) => `${operation.method.toUpperCase()} ${operation.path} ${operation.operationId}`).sort()).toEqual(
      [
        "DELETE /faults clearFaults",
        "DELETE /faults/{id} removeFault",
        "DELETE /requests clearRequests",
        "GET / getInspector",
        "GET /faults getFaults",
        "GET /inspector/{file} getInspectorAsset",
        "GET /openapi.yaml getControlSpec",
        "GET /orgs getOrgs",
        "GET /requests getRequests",
        "GET /state getState",
        "POST /faults addFault",
        "POST /reset reset",
        "PUT /state putState",
      ].sort(),
    );
  });
});
