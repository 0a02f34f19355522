import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { abbreviate, JsonlRecorder, readExchangeLog, redactAuthorization, redactHeaders } from "./recorder.js";

describe("redaction", () => {
  it("keeps the scheme and hides the credential", () => {
    expect(redactAuthorization("Bearer pat-secret")).toBe("Bearer [redacted]");
    expect(redactAuthorization("bearer pat-secret")).toBe("bearer [redacted]");
    expect(redactAuthorization("Basic dXNlcjpwYXNz")).toBe("Basic [redacted]");
    expect(redactAuthorization("pat-secret")).toBe("[redacted]");
  });

  it("redacts the Authorization header in any case and nothing else", () => {
    expect(redactHeaders({ Authorization: "Bearer s", "x-zitadel-orgid": "1" })).toEqual({
      Authorization: "Bearer [redacted]",
      "x-zitadel-orgid": "1",
    });
  });
});

describe("abbreviate", () => {
  it("shortens long strings (big values) and long lists", () => {
    const out = abbreviate({ value: "A".repeat(1000), keys: Array.from({ length: 60 }, (_, i) => i) }) as { value: string; keys: unknown[] };
    expect(out.value).toBe(`${"A".repeat(60)}…(1000 chars)`);
    expect(out.keys).toHaveLength(51);
    expect(out.keys.at(-1)).toBe("…(10 more)");
  });
});

describe("JsonlRecorder", () => {
  it("appends records with the test location and reads them back", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "contract-log-")), "exchanges");
    const recorder = new JsonlRecorder(dir, () => ({ file: "/a.test.ts", test: "suite > case" }));

    recorder.write({ kind: "expectation", expected: "HTTP 404" });
    recorder.write({ kind: "expectation", expected: "HTTP 200" });

    expect(readExchangeLog(dir)).toEqual([
      { file: "/a.test.ts", test: "suite > case", kind: "expectation", expected: "HTTP 404" },
      { file: "/a.test.ts", test: "suite > case", kind: "expectation", expected: "HTTP 200" },
    ]);
  });
});
