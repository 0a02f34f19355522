/**
 * Spec conformance: every response body the suite sees is validated against the response schema of its
 * operation in spec/management.openapi.yaml (200 or `default` = rpcStatus). Against a real ZITADEL
 * this is the drift detector for the spec.
 */
import SwaggerParser from "@apidevtools/swagger-parser";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { packageFile } from "../../src/package-root.js";

/** Located from the package root, so a compiled kit (dist/contract-tests) finds it from any working directory. */
export const SPEC_PATH = packageFile("spec", "management.openapi.yaml");

/** Label used for responses that no operation answers (unmatched route, wrong method). */
export const NO_OPERATION = "(no operation)";

export class ConformanceError extends Error {
  override name = "ConformanceError";
  constructor(
    readonly operationId: string,
    readonly status: number,
    readonly problems: string[],
  ) {
    super(`${operationId} ${status} response does not match spec: ${problems.join("; ")}`);
  }
}

interface ResponseObject {
  content?: Record<string, { schema?: object }>;
}
interface OperationObject {
  operationId?: string;
  responses?: Record<string, ResponseObject>;
}
interface SpecDocument {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, object> };
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

export class SpecConformance {
  private readonly validators = new Map<string, Map<string, ValidateFunction>>();
  private readonly errorValidator: ValidateFunction;

  private constructor(document: SpecDocument) {
    const ajv = newAjv();
    for (const pathItem of Object.values(document.paths ?? {})) {
      for (const method of HTTP_METHODS) {
        const operation = pathItem[method] as OperationObject | undefined;
        if (!operation?.operationId) continue;
        const byStatus = new Map<string, ValidateFunction>();
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          const schema = response.content?.["application/json"]?.schema;
          if (schema) byStatus.set(status, ajv.compile(schema));
        }
        this.validators.set(operation.operationId, byStatus);
      }
    }
    const rpcStatus = document.components?.schemas?.rpcStatus;
    if (!rpcStatus) throw new Error("the spec has no components.schemas.rpcStatus");
    this.errorValidator = ajv.compile(rpcStatus);
  }

  /** Loads and dereferences an OpenAPI document (a path or an object) and compiles its response schemas. */
  static async load(spec: string | object = SPEC_PATH): Promise<SpecConformance> {
    const document = (await SwaggerParser.dereference(structuredClone(spec) as never)) as SpecDocument;
    return new SpecConformance(document);
  }

  operationIds(): string[] {
    return [...this.validators.keys()];
  }

  /** Problems of a response body as readable strings; empty when it conforms. */
  problems(operationId: string, status: number, body: unknown): string[] {
    const validate = this.validatorFor(operationId, status);
    if (validate === undefined && operationId === NO_OPERATION) return [`no operation answers this request, yet it got HTTP ${status}`];
    if (validate === undefined) return [`the spec documents no ${status} response for this operation`];
    if (body === undefined) return ["the body is not JSON"];
    return validate(body) ? [] : (validate.errors ?? []).map(describeError);
  }

  /** Throws a ConformanceError naming the operation and the JSON path of each problem. */
  check(operationId: string, status: number, body: unknown): void {
    const problems = this.problems(operationId, status, body);
    if (problems.length > 0) throw new ConformanceError(operationId, status, problems);
  }

  private validatorFor(operationId: string, status: number): ValidateFunction | undefined {
    if (operationId === NO_OPERATION) return status >= 400 ? this.errorValidator : undefined;
    const byStatus = this.validators.get(operationId);
    if (!byStatus) throw new Error(`unknown operationId ${operationId}; the spec has ${this.operationIds().join(", ")}`);
    return byStatus.get(String(status)) ?? (status === 200 ? undefined : byStatus.get("default"));
  }
}

let shared: Promise<SpecConformance> | undefined;

/** The spec of this repository, loaded once per worker. */
export function loadSpecConformance(): Promise<SpecConformance> {
  shared ??= SpecConformance.load();
  return shared;
}

function newAjv(): Ajv {
  // OpenAPI 3.0 schema objects carry keywords JSON Schema does not know (example, x-*): not strict.
  const ajv = new Ajv({ allErrors: true, strict: false });
  const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
  addFormats(ajv);
  ajv.addFormat("uint64", { type: "string", validate: (s: string) => /^[0-9]+$/.test(s) && BigInt(s) < 2n ** 64n });
  ajv.addFormat("uint32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= 0 && n < 2 ** 32 });
  return ajv;
}

function describeError(error: ErrorObject): string {
  const path = error.instancePath || "/";
  switch (error.keyword) {
    case "additionalProperties":
      return `${path} has undocumented property '${String(error.params.additionalProperty)}'`;
    case "required":
      return `${path} must have required property '${String(error.params.missingProperty)}'`;
    default:
      return `${path} ${error.message ?? error.keyword}`;
  }
}
