import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Fixture } from "../fixtures/fixture-types.js";
import { readStateFile } from "./state-file.js";

const b64 = (text: string) => Buffer.from(text).toString("base64");
const snapshot: Fixture = {
  orgs: [{ id: "1", name: "One", primaryDomain: "one.localhost" }],
  users: [{ id: "11", orgId: "1", userName: "u@one", tokens: ["t"], memberships: [{ orgId: "1", roles: ["ORG_OWNER"] }] }],
  metadata: [{ orgId: "1", key: "plan", value: b64("pro") }],
};
const fileWith = (...records: unknown[]): string => {
  const path = join(mkdtempSync(join(tmpdir(), "zitadel-mock-state-")), "state.jsonl");
  writeFileSync(path, records.map((record) => JSON.stringify(record)).join("\n") + "\n");
  return path;
};
const noWarnings = (message: string) => {
  throw new Error(`unexpected warning: ${message}`);
};

describe("readStateFile with user metadata", () => {
  it("applies user records after the snapshot: set, overwrite, remove", () => {
    const path = fileWith(
      { snapshot: { ...snapshot, userMetadata: [{ userId: "11", key: "locale", value: b64("de-CH") }] } },
      { userId: "11", key: "theme", value: b64("dark") },
      { userId: "11", key: "theme", value: b64("light") },
      { userId: "11", key: "locale", value: null },
      { orgId: "1", key: "plan", value: null },
    );

    const state = readStateFile(path, noWarnings);

    expect(state.userMetadata).toEqual([{ userId: "11", key: "theme", value: b64("light") }]);
    expect(state.metadata).toEqual([]);
  });

  it("reads a file written before user metadata existed unchanged: no userMetadata member", () => {
    const state = readStateFile(fileWith({ snapshot }, { orgId: "1", key: "region", value: b64("eu") }), noWarnings);

    expect(state).not.toHaveProperty("userMetadata");
    expect(state.metadata.map((entry) => entry.key)).toEqual(["plan", "region"]);
  });

  it("refuses a user record for a user the snapshot does not have, naming the field", () => {
    const path = fileWith({ snapshot }, { userId: "99", key: "k", value: b64("v") });

    expect(() => readStateFile(path, noWarnings)).toThrow(/userMetadata\[0\]\.userId: user "99" is not defined in "users"/);
  });
});
