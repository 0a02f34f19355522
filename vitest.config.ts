import { defineConfig } from "vitest/config";

/** The contract cases run per transport; the kit's own unit tests run once, in "contract". */
const CONTRACT_CASES = ["contract-tests/**/*.test.ts"];
const CONTRACT_KIT_TESTS = ["contract-tests/kit/**"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "spec/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          // The cases over the transport of the environment (CONTRACT_TRANSPORT, default rest), and the kit's tests.
          name: "contract",
          include: CONTRACT_CASES,
          // Refuses a remote run without CONTRACT_ALLOW_WRITES=1 before any worker starts; one key prefix per run.
          globalSetup: ["contract-tests/kit/global-setup.ts"],
          environment: "node",
        },
      },
      {
        test: {
          // The same cases over gRPC (@zitadel/node), against the same target.
          name: "contract-grpc",
          include: CONTRACT_CASES,
          exclude: CONTRACT_KIT_TESTS,
          env: { CONTRACT_TRANSPORT: "grpc" },
          globalSetup: ["contract-tests/kit/global-setup.ts"],
          environment: "node",
        },
      },
    ],
  },
});
