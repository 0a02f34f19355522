/**
 * Model-based tests: random command sequences (set, bulk set, get, list with filters/offset/limit,
 * remove, bulk remove; two orgs) run against the mock over REST, over gRPC and over both mixed, each
 * answer compared with a small reference model (metadata-model.ts). Then concurrent writers and
 * readers over both transports: no partial bulk change is ever visible, and every write's sequence
 * range is unique and increasing per org. fast-check prints the seed and the shrunk command list on
 * failure; MODEL_SEED=<n> replays a run.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockServer, type MockServer } from "../../src/index.js";
import { type Answer, commands, grpcApi, type MetadataApi, modelFrom, type OrgName, restApi } from "./metadata-model.js";

const RUNS = 20;
const seed = process.env.MODEL_SEED === undefined ? {} : { seed: Number(process.env.MODEL_SEED) };
let mock: MockServer;
let rest: MetadataApi;
let grpc: MetadataApi;

beforeAll(async () => {
  mock = await createMockServer({ port: 0 });
  const { url } = await mock.start();
  rest = restApi(url);
  grpc = grpcApi(url);
});
afterAll(() => mock.stop());

/** Every call over REST or gRPC, alternating. */
const mixed = (): MetadataApi => {
  let turn = 0;
  const pick = () => (turn++ % 2 === 0 ? rest : grpc);
  return {
    set: (...a) => pick().set(...a),
    bulkSet: (...a) => pick().bulkSet(...a),
    get: (...a) => pick().get(...a),
    list: (...a) => pick().list(...a),
    remove: (...a) => pick().remove(...a),
    bulkRemove: (...a) => pick().bulkRemove(...a),
  };
};

const runAgainst = (api: () => MetadataApi) =>
  fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (cmds) => {
      mock.reset();
      const real = api();
      await fc.asyncModelRun(async () => ({ model: await modelFrom(real), real }), cmds);
    }),
    { numRuns: RUNS, ...seed },
  );

describe("the metadata API against its reference model", () => {
  it("over REST", () => runAgainst(() => rest), 120_000);
  it("over gRPC (@zitadel/node)", () => runAgainst(() => grpc), 120_000);
  it("over REST and gRPC mixed", () => runAgainst(mixed), 120_000);
});

describe("concurrent clients over REST and gRPC", () => {
  const BULK_KEYS = ["bulk.a", "bulk.b", "bulk.c"];
  const ok = <T>(answer: Answer<T>): T => {
    if (!("ok" in answer)) throw new Error(`unexpected error ${answer.code}`);
    return answer.ok;
  };

  it("never shows a partial bulk change, and gives each write its own increasing sequence range per org", async () => {
    mock.reset();
    const writes: Record<OrgName, Array<{ last: number; events: number }>> = { acme: [], globex: [] };
    const partial: string[] = [];
    let writing = true;
    const writer = async (api: MetadataApi, org: OrgName, id: number) => {
      for (let round = 0; round < 15; round++) {
        // Each bulk set writes one value to all three keys; each bulk remove removes all three.
        const value = Buffer.from(`w${id}-${round}`).toString("base64");
        const set = await api.bulkSet(org, BULK_KEYS.map((key) => ({ key, value })));
        writes[org].push({ last: ok(set), events: BULK_KEYS.length });
        if (round % 3 === 2) {
          const removed = await api.bulkRemove(org, BULK_KEYS);
          // Another writer may have removed them first: then none exists and this one fails whole.
          if ("ok" in removed) writes[org].push({ last: removed.ok, events: BULK_KEYS.length });
        }
        const single = await api.set(org, { key: `single.${id}`, value });
        writes[org].push({ last: ok(single), events: 1 });
      }
    };
    const reader = async (api: MetadataApi, org: OrgName) => {
      while (writing) {
        const { entries } = ok(await api.list(org, [{ key: "bulk.", method: 2 }], 0, 0));
        const values = new Set(entries.map((e) => e.value));
        if (!(entries.length === 0 || (entries.length === BULK_KEYS.length && values.size === 1))) partial.push(JSON.stringify(entries));
      }
    };
    const readers = (["acme", "globex"] as const).flatMap((org) => [reader(rest, org), reader(grpc, org)]);
    await Promise.all(
      (["acme", "globex"] as const).flatMap((org) => [writer(rest, org, 1), writer(grpc, org, 2), writer(rest, org, 3), writer(grpc, org, 4)]),
    );
    writing = false;
    await Promise.all(readers);

    expect(partial).toEqual([]);
    for (const org of ["acme", "globex"] as const) {
      // Each write owns the sequences (last - events, last]; no two overlap, none is lost between them.
      const ranges = writes[org].map((w) => [w.last - w.events + 1, w.last] as const).sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0], `${org} sequence ranges`).toBe(ranges[i - 1]![1] + 1);
    }
  }, 120_000);
});
