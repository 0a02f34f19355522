import { describe, expect, it } from "vitest";
import { ContractConfigError, describeTargetConfig, reportDir, reportFiles, resolveTargetConfig, resolveTransport } from "./env.js";

const remote = {
  CONTRACT_BASE_URL: "https://my-instance.zitadel.cloud",
  CONTRACT_TOKEN: "pat-secret",
  CONTRACT_ALLOW_WRITES: "1",
};

describe("resolveTargetConfig", () => {
  it("runs the in-process mock when CONTRACT_BASE_URL is not set", () => {
    expect(resolveTargetConfig({})).toEqual({ kind: "in-process" });
    expect(resolveTargetConfig({ CONTRACT_BASE_URL: "  ", CONTRACT_REPORT_DIR: "out" })).toEqual({ kind: "in-process" });
  });

  it("refuses a remote target without CONTRACT_ALLOW_WRITES=1 and says why", () => {
    for (const allow of [undefined, "", "0", "true", "yes"]) {
      const run = () => resolveTargetConfig({ ...remote, CONTRACT_ALLOW_WRITES: allow });
      expect(run).toThrow(ContractConfigError);
      expect(run).toThrow(/Refusing to run the contract suite against https:\/\/my-instance\.zitadel\.cloud: it writes metadata/);
      expect(run).toThrow(/Set CONTRACT_ALLOW_WRITES=1/);
    }
  });

  it("accepts a remote target with a token and CONTRACT_ALLOW_WRITES=1", () => {
    expect(resolveTargetConfig(remote)).toEqual({ kind: "remote", baseUrl: "https://my-instance.zitadel.cloud", token: "pat-secret" });
  });

  it("reads the org and the optional extras", () => {
    const config = resolveTargetConfig({
      ...remote,
      CONTRACT_BASE_URL: "http://localhost:8080/",
      CONTRACT_ORG_ID: "111",
      CONTRACT_SECOND_ORG_ID: "222",
      CONTRACT_READONLY_TOKEN: "ro",
      CONTRACT_NO_MEMBERSHIP_TOKEN: "nm",
    });
    expect(config).toEqual({
      kind: "remote",
      baseUrl: "http://localhost:8080",
      token: "pat-secret",
      orgId: "111",
      secondOrgId: "222",
      readonlyToken: "ro",
      noMembershipToken: "nm",
    });
  });

  it("requires CONTRACT_TOKEN for a remote target", () => {
    expect(() => resolveTargetConfig({ ...remote, CONTRACT_TOKEN: undefined })).toThrow(/CONTRACT_TOKEN is not/);
  });

  it("lets the transport be chosen for the in-process mock too", () => {
    expect(resolveTargetConfig({ CONTRACT_TRANSPORT: "grpc" })).toEqual({ kind: "in-process" });
  });

  it("rejects remote variables without CONTRACT_BASE_URL instead of silently testing the mock", () => {
    expect(() => resolveTargetConfig({ CONTRACT_TOKEN: "pat", CONTRACT_ORG_ID: "1" })).toThrow(
      /CONTRACT_TOKEN, CONTRACT_ORG_ID are set but CONTRACT_BASE_URL is not/,
    );
  });

  it("rejects a base URL that is not an instance origin", () => {
    expect(() => resolveTargetConfig({ ...remote, CONTRACT_BASE_URL: "my-instance" })).toThrow(/not a URL/);
    expect(() => resolveTargetConfig({ ...remote, CONTRACT_BASE_URL: "ftp://x" })).toThrow(/http or https/);
    expect(() => resolveTargetConfig({ ...remote, CONTRACT_BASE_URL: "https://x.zitadel.cloud/management/v1" })).toThrow(
      /leave out \/management\/v1/,
    );
  });

  it("rejects a token pasted with its Bearer prefix", () => {
    expect(() => resolveTargetConfig({ ...remote, CONTRACT_TOKEN: "Bearer pat" })).toThrow(/without the "Bearer " prefix/);
  });
});

describe("describeTargetConfig", () => {
  it("never shows a token", () => {
    const text = describeTargetConfig(resolveTargetConfig({ ...remote, CONTRACT_READONLY_TOKEN: "ro-secret" }));
    expect(text).toBe("remote https://my-instance.zitadel.cloud, org of the token user, extras: readonlyToken");
    expect(text).not.toContain("secret");
  });
});

describe("reportDir", () => {
  it("defaults to reports", () => {
    expect(reportDir({})).toBe("reports");
    expect(reportDir({ CONTRACT_REPORT_DIR: "out/contract" })).toBe("out/contract");
  });
});

describe("resolveTransport", () => {
  it("defaults to rest and accepts rest or grpc in any case", () => {
    expect(resolveTransport({})).toBe("rest");
    expect(resolveTransport({ CONTRACT_TRANSPORT: " " })).toBe("rest");
    expect(resolveTransport({ CONTRACT_TRANSPORT: "grpc" })).toBe("grpc");
    expect(resolveTransport({ ...remote, CONTRACT_TRANSPORT: "GRPC" })).toBe("grpc");
    expect(resolveTransport({ CONTRACT_TRANSPORT: "rest" })).toBe("rest");
  });

  it("rejects an unknown transport", () => {
    expect(() => resolveTransport({ CONTRACT_TRANSPORT: "grpc-web" })).toThrow(ContractConfigError);
    expect(() => resolveTransport({ CONTRACT_TRANSPORT: "grpc-web" })).toThrow(/must be rest or grpc, got "grpc-web"/);
  });

  it("rejects gRPC against a base URL with a path", () => {
    expect(() => resolveTransport({ ...remote, CONTRACT_BASE_URL: "https://proxy.example.com/zitadel", CONTRACT_TRANSPORT: "grpc" })).toThrow(
      /origin without a path/,
    );
    expect(resolveTransport({ ...remote, CONTRACT_BASE_URL: "https://proxy.example.com/zitadel" })).toBe("rest");
  });
});

describe("reportFiles", () => {
  it("keeps the plain names for REST and adds the transport for gRPC", () => {
    expect(reportFiles("rest")).toEqual({ junit: "contract-junit.xml", summary: "contract-summary.md", exchanges: "exchanges" });
    expect(reportFiles("grpc")).toEqual({ junit: "contract-junit-grpc.xml", summary: "contract-summary-grpc.md", exchanges: "exchanges-grpc" });
  });
});
