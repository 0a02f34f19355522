import { defineConfig } from "vitest/config";

/**
 * `npm test`: the unit tests (with the contract kit's own tests and the contract command's), and the
 * contract cases against the in-process mock over each transport. `npm run contract` builds its own
 * configuration (contract-tests/kit/run-vitest.ts) and does not read this file.
 */
const CONTRACT_CASES = ["contract-tests/cases/**/*.contract.test.ts"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          // Test files start their own servers and keep no module state between files; loading the mock's
          // modules (spec, descriptors, ajv) once per worker instead of once per file is most of the speed-up.
          isolate: false,
          include: [
            "src/**/*.test.ts",
            "spec/**/*.test.ts",
            "test/**/*.test.ts",
            "scripts/**/*.test.ts",
            "contract-tests/*.test.ts",
            "contract-tests/kit/**/*.test.ts",
          ],
          environment: "node",
        },
      },
      {
        test: {
          // The cases over REST (CONTRACT_TRANSPORT of the environment is ignored: each project names its transport).
          name: "contract",
          include: CONTRACT_CASES,
          env: { CONTRACT_TRANSPORT: "rest" },
          // Refuses a remote run without CONTRACT_ALLOW_WRITES=1 before any worker starts; one key prefix per run.
          globalSetup: ["contract-tests/kit/global-setup.ts"],
          environment: "node",
          // The case files share nothing but the kit's modules: load them once per worker.
          isolate: false,
        },
      },
      {
        test: {
          // The same cases over gRPC (@zitadel/node), against the same target.
          name: "contract-grpc",
          include: CONTRACT_CASES,
          env: { CONTRACT_TRANSPORT: "grpc" },
          globalSetup: ["contract-tests/kit/global-setup.ts"],
          environment: "node",
          // The case files share nothing but the kit's modules: load them once per worker.
          isolate: false,
        },
      },
    ],
  },
});
