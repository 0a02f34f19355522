import { defineConfig } from "vitest/config";

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
          name: "contract",
          include: ["contract-tests/**/*.test.ts"],
          // Refuses a remote run without CONTRACT_ALLOW_WRITES=1 before any worker starts; one key prefix per run.
          globalSetup: ["contract-tests/kit/global-setup.ts"],
          environment: "node",
        },
      },
    ],
  },
});
