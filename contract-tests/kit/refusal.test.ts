// A remote run refuses to start without CONTRACT_ALLOW_WRITES=1: `npm run contract` exits before vitest
// starts, and the global setup of the contract project throws before any case runs.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TestProject } from "vitest/node";
import setup from "./global-setup.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const remoteWithoutConsent = { CONTRACT_BASE_URL: "http://127.0.0.1:9", CONTRACT_TOKEN: "pat", CONTRACT_ALLOW_WRITES: "" };

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("refusal of remote writes without consent", () => {
  it("npm run contract exits with code 2 and says why", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "contract-tests/run-contract.ts"], {
      cwd: root,
      env: { ...process.env, ...remoteWithoutConsent },
      encoding: "utf8",
    });

    expect(run.status).toBe(2);
    expect(run.stderr).toContain("contract suite not started: Refusing to run the contract suite against http://127.0.0.1:9");
    expect(run.stderr).toContain("Set CONTRACT_ALLOW_WRITES=1");
  });

  it("npm run contract exits with code 2 on an unknown CONTRACT_TRANSPORT", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "contract-tests/run-contract.ts"], {
      cwd: root,
      env: { ...process.env, CONTRACT_TRANSPORT: "grpc-web" },
      encoding: "utf8",
    });

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('contract suite not started: CONTRACT_TRANSPORT must be rest or grpc, got "grpc-web".');
  });

  it("the global setup throws before any case runs, and provides the run prefix otherwise", () => {
    const provided: Record<string, unknown> = {};
    const project = { provide: (key: string, value: unknown) => (provided[key] = value) } as unknown as TestProject;

    for (const [name, value] of Object.entries(remoteWithoutConsent)) vi.stubEnv(name, value);
    expect(() => setup(project)).toThrow(/Refusing to run the contract suite/);
    expect(provided).toEqual({});

    vi.stubEnv("CONTRACT_ALLOW_WRITES", "1");
    vi.stubEnv("CONTRACT_RUN_PREFIX", "contract-20251123t151800z-abcdef-");
    setup(project);
    expect(provided).toEqual({ contractRunPrefix: "contract-20251123t151800z-abcdef-" });
  });

  it("the global setup reads the transport from the project's env (contract-grpc) and refuses what gRPC cannot reach", () => {
    const project = { provide: () => {}, config: { env: { CONTRACT_TRANSPORT: "grpc" } } } as unknown as TestProject;
    vi.stubEnv("CONTRACT_BASE_URL", "https://proxy.example.com/zitadel");
    vi.stubEnv("CONTRACT_TOKEN", "pat");
    vi.stubEnv("CONTRACT_ALLOW_WRITES", "1");
    vi.stubEnv("CONTRACT_TRANSPORT", "");

    expect(() => setup(project)).toThrow(/CONTRACT_TRANSPORT=grpc needs CONTRACT_BASE_URL to be an origin without a path/);
  });
});
