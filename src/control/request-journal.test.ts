import { describe, expect, it } from "vitest";
import { BinaryBody, RequestJournal, type JournalRecord } from "./request-journal.js";

const text = (schema: string, bytes: Uint8Array): string => `${schema}:${Buffer.from(bytes).toString("latin1")}`;

const record = (request: unknown, response: unknown): JournalRecord => ({
  startedAt: 0,
  transport: "grpc",
  method: "POST",
  path: "/zitadel.management.v1.ManagementService/GetOrgMetadata",
  rpc: "GetOrgMetadata",
  orgId: null,
  userId: null,
  httpStatus: 200,
  grpcCode: 0,
  errorId: null,
  durationMs: 0,
  request,
  response,
});

const binary = (schema: string, content: string): BinaryBody<string> => new BinaryBody(text, schema, Buffer.from(content, "latin1"));

describe("a journal of binary bodies (the gRPC stream path's, decision 042)", () => {
  it("renders each record's own bytes, copied when added, while the ring reuses its places", () => {
    const journal = new RequestJournal(2);
    const sent = Buffer.from("first", "latin1");
    journal.add(record(new BinaryBody(text, "In", sent), binary("Out", "one")));
    sent.fill(0); // the caller's buffer is reused: the journal kept a copy
    expect(journal.list().map((entry) => [entry.request, entry.response])).toEqual([["In:first", "Out:one"]]);

    // Larger, then smaller bodies in the same places: each renders as it was given.
    const large = "x".repeat(3000);
    journal.add(record(binary("In", large), { code: 5, message: "not found" }));
    journal.add(record(binary("In", "third"), binary("Out", large)));
    journal.add(record(binary("In", "4"), binary("Out", "")));
    journal.add(record(binary("In", "fifth"), binary("Out", "5")));
    expect(journal.list().map((entry) => [entry.id, entry.request, entry.response])).toEqual([
      ["4", "In:4", "Out:"],
      ["5", "In:fifth", "Out:5"],
    ]);
  });

  it("keeps other bodies as they are", () => {
    const journal = new RequestJournal(1);
    journal.add(record({ key: "plan" }, null));
    expect(journal.list()[0]).toMatchObject({ request: { key: "plan" }, response: null });
  });
});
