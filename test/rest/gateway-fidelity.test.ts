/**
 * What grpc-gateway does around the RPC, which a client notices: which requests have a body at all,
 * the response Content-Type, and the 4 MiB limit on responses the gateway receives.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createMockServer, steppingClock } from "../../src/index.js";
import { API, TOKEN, as, b64, expectOk, expectZitadelError, mockPerFile } from "./support.js";

const { mock } = await mockPerFile();
const acme = as(mock, TOKEN.acmeOwner);

describe("request bodies", () => {
  it("are ignored where the RPC has none: GET with a broken body still reads", async () => {
    const res = await acme.get("/metadata/plan").set("Content-Type", "application/json").send("{not json");
    expect(expectOk<{ metadata: { key: string } }>(res).metadata.key).toBe("plan");
  });

  it("are ignored on DELETE /metadata/{key}: a body naming another key changes nothing", async () => {
    const res = await acme.delete("/metadata/nope", { key: 5 });
    expectZitadelError(res, { status: 404, code: 5, message: "Metadata not found", id: "META-mcnw3" });
  });

  it("may nest unknown fields deeply: they are discarded, not walked", async () => {
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const res = await acme.post("/metadata/deep").set("Content-Type", "application/json").send(`{"x":${deep},"value":"eA=="}`);
    expectOk(res);
  });
});

describe("responses", () => {
  it("are application/json without a charset, success and error alike", async () => {
    const ok = await acme.getMetadata("plan");
    const missing = await acme.getMetadata("nope");
    expect(ok.headers["content-type"]).toBe("application/json");
    expect(missing.headers["content-type"]).toBe("application/json");
  });

  it("over 4 MiB fail as the gateway's gRPC client fails: 429, code 8", async () => {
    const big = b64(new Uint8Array(500_000).fill(7));
    for (let i = 0; i < 9; i++) expectOk(await acme.post(`/metadata/big-${i}`, { value: big }));

    const res = await acme.post("/metadata/_search", {});
    expect(res.status).toBe(429);
    expect(res.body.code).toBe(8);
    expect(res.body.message).toMatch(/^grpc: received message larger than max \(\d+ vs\. 4194304\)$/);
    expect(res.body.details).toBeUndefined();
    // A page that fits still works.
    expectOk(await acme.post("/metadata/_search", { query: { limit: 2 } }));
  });
});

describe("reset with an injected clock", () => {
  it("restores the fixture with the same timestamps, whatever happened in between", async () => {
    const stepped = await createMockServer({ clock: steppingClock(new Date("2025-01-01T00:00:00Z"), 1000) });
    const planOf = async () =>
      (await request(stepped.app).get(`${API}/metadata/plan`).set("Authorization", `Bearer ${TOKEN.acmeOwner}`)).body as unknown;
    const before = await planOf();
    await request(stepped.app).post(`${API}/metadata/plan`).set("Authorization", `Bearer ${TOKEN.acmeOwner}`).send({ value: "eA==" });
    stepped.reset();
    expect(await planOf()).toEqual(before);
  });
});
