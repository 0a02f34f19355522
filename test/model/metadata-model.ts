/**
 * A small reference model of ZITADEL's organization metadata (per org: key -> value, and the org's
 * event sequence), the six operations as fast-check commands, and two ways to call the mock: REST
 * and gRPC (@zitadel/node). The commands compare each answer with what the model predicts.
 */
import { TextQueryMethod as ProtoTextQueryMethod } from "@zitadel/node/dist/api/generated/zitadel/object.js";
import { createAccessTokenInterceptor, createManagementClient } from "@zitadel/node/dist/api/index.js";
import fc from "fast-check";
import { ClientError } from "nice-grpc";

export const ORGS = { acme: "acme-owner-token", globex: "globex-owner-token" } as const;
export type OrgName = keyof typeof ORGS;

export interface Entry {
  readonly key: string;
  /** base64 */
  readonly value: string;
}

export interface KeyQuery {
  readonly key: string;
  /** TEXT_QUERY_METHOD_* as its number (0 EQUALS ... 7 ENDS_WITH_IGNORE_CASE). */
  readonly method: number;
}

export type Answer<T> = { readonly ok: T } | { readonly code: number };

/** What the model and the mock are compared on. */
export interface MetadataApi {
  set(org: OrgName, entry: Entry): Promise<Answer<number>>;
  bulkSet(org: OrgName, entries: readonly Entry[]): Promise<Answer<number>>;
  get(org: OrgName, key: string): Promise<Answer<Entry>>;
  list(org: OrgName, queries: readonly KeyQuery[], offset: number, limit: number): Promise<Answer<{ total: number; entries: Entry[] }>>;
  remove(org: OrgName, key: string): Promise<Answer<number>>;
  bulkRemove(org: OrgName, keys: readonly string[]): Promise<Answer<number>>;
}

// --- the reference model ---------------------------------------------------------------------------

export interface OrgModel {
  readonly values: Map<string, string>;
  /** The org's last event sequence, learnt from the first write the model sees. */
  sequence: number | undefined;
}
export type Model = Record<OrgName, OrgModel>;

const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;
const FAILED_PRECONDITION = 9;

const matches = (key: string, q: KeyQuery): boolean => {
  const fold = q.method % 2 === 1;
  const subject = fold ? key.toLowerCase() : key;
  const wanted = fold ? q.key.toLowerCase() : q.key;
  return [(s: string) => s === wanted, (s: string) => s.startsWith(wanted), (s: string) => s.includes(wanted), (s: string) => s.endsWith(wanted)][q.method >> 1]!(subject);
};

export const expectedList = (org: OrgModel, queries: readonly KeyQuery[], offset: number, limit: number): Answer<{ total: number; entries: Entry[] }> => {
  if (limit > 1000) return { code: INVALID_ARGUMENT };
  const all = [...org.values.entries()]
    .filter(([key]) => queries.every((q) => matches(key, q)))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ key, value }));
  const entries = all.slice(offset, offset + (limit === 0 ? 1000 : limit));
  return { ok: { total: entries.length === 0 ? 0 : all.length, entries } };
};

/** Checks a write's sequence against the model (one event per entry/key) and records it. */
const checkSequence = (org: OrgModel, answer: Answer<number>, events: number): void => {
  if (!("ok" in answer)) return;
  if (org.sequence !== undefined && answer.ok !== org.sequence + events) {
    throw new Error(`sequence ${answer.ok}, the model expected ${org.sequence + events}`);
  }
  org.sequence = answer.ok;
};

const same = (what: string, actual: unknown, expected: unknown): void => {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: got ${a}, the model expected ${e}`);
};

const codeOf = (answer: Answer<unknown>): number | "ok" => ("ok" in answer ? "ok" : answer.code);

// --- commands -------------------------------------------------------------------------------------

type Cmd = fc.AsyncCommand<Model, MetadataApi>;
const cmd = (describe: string, run: (m: Model, api: MetadataApi) => Promise<void>): Cmd => ({
  check: () => true,
  run,
  toString: () => describe,
});

const org = fc.constantFrom<OrgName>("acme", "globex");
/** Few keys with near-collisions in case, so commands interact. */
const key = fc.constantFrom("k1", "k2", "K1", "ka", "kb", "x.y", "k1k");
const value = fc.uint8Array({ minLength: 1, maxLength: 12 }).map((b) => Buffer.from(b).toString("base64"));
const entry = fc.record({ key, value });
const invalidEntry = fc.constantFrom<Entry>({ key: "", value: "YQ==" }, { key: "k1", value: "" });

export const commands = [
  fc.tuple(org, fc.oneof({ weight: 9, arbitrary: entry }, { weight: 1, arbitrary: invalidEntry })).map(([o, e]) =>
    cmd(`set(${o}, ${e.key}=${e.value})`, async (m, api) => {
      const answer = await api.set(o, e);
      if (e.key === "" || e.value === "") return same("set invalid", codeOf(answer), INVALID_ARGUMENT);
      same("set", codeOf(answer), "ok");
      checkSequence(m[o], answer, 1);
      m[o].values.set(e.key, e.value);
    }),
  ),
  fc.tuple(org, fc.array(fc.oneof({ weight: 19, arbitrary: entry }, { weight: 1, arbitrary: invalidEntry }), { maxLength: 4 })).map(([o, es]) =>
    cmd(`bulkSet(${o}, ${es.map((e) => `${e.key}=${e.value}`).join(",")})`, async (m, api) => {
      const answer = await api.bulkSet(o, es);
      if (es.length === 0) return same("bulkSet []", codeOf(answer), FAILED_PRECONDITION);
      if (es.some((e) => e.key === "" || e.value === "")) return same("bulkSet invalid", codeOf(answer), INVALID_ARGUMENT);
      same("bulkSet", codeOf(answer), "ok");
      checkSequence(m[o], answer, es.length);
      for (const e of es) m[o].values.set(e.key, e.value);
    }),
  ),
  fc.tuple(org, key).map(([o, k]) =>
    cmd(`get(${o}, ${k})`, async (m, api) => {
      const answer = await api.get(o, k);
      const v = m[o].values.get(k);
      same(`get ${k}`, "ok" in answer ? answer.ok : answer.code, v === undefined ? NOT_FOUND : { key: k, value: v });
    }),
  ),
  fc
    .tuple(
      org,
      fc.array(fc.record({ key: fc.constantFrom("k", "K", "1", "k1", "a", "y", "x."), method: fc.integer({ min: 0, max: 7 }) }), { maxLength: 2 }),
      fc.nat({ max: 4 }),
      fc.oneof({ weight: 9, arbitrary: fc.nat({ max: 4 }) }, { weight: 1, arbitrary: fc.constant(1001) }),
    )
    .map(([o, qs, offset, limit]) =>
      cmd(`list(${o}, ${JSON.stringify(qs)}, offset ${offset}, limit ${limit})`, async (m, api) => {
        const answer = await api.list(o, qs, offset, limit);
        const expected = expectedList(m[o], qs, offset, limit);
        same("list", "ok" in answer ? answer.ok : answer.code, "ok" in expected ? expected.ok : expected.code);
      }),
    ),
  fc.tuple(org, key).map(([o, k]) =>
    cmd(`remove(${o}, ${k})`, async (m, api) => {
      const answer = await api.remove(o, k);
      if (!m[o].values.has(k)) return same(`remove ${k}`, codeOf(answer), NOT_FOUND);
      same(`remove ${k}`, codeOf(answer), "ok");
      checkSequence(m[o], answer, 1);
      m[o].values.delete(k);
    }),
  ),
  fc.tuple(org, fc.array(key, { maxLength: 3 })).map(([o, ks]) =>
    cmd(`bulkRemove(${o}, ${ks.join(",")})`, async (m, api) => {
      const answer = await api.bulkRemove(o, ks);
      if (ks.length === 0) return same("bulkRemove []", codeOf(answer), FAILED_PRECONDITION);
      if (!ks.every((k) => m[o].values.has(k))) return same("bulkRemove missing", codeOf(answer), NOT_FOUND);
      same("bulkRemove", codeOf(answer), "ok");
      checkSequence(m[o], answer, ks.length);
      for (const k of ks) m[o].values.delete(k);
    }),
  ),
];

/** The model of the orgs as the mock holds them now (read over `api`, sequences not known yet). */
export const modelFrom = async (api: MetadataApi): Promise<Model> => {
  const read = async (o: OrgName): Promise<OrgModel> => {
    const answer = await api.list(o, [], 0, 1000);
    if (!("ok" in answer)) throw new Error(`cannot list ${o}: ${answer.code}`);
    return { values: new Map(answer.ok.entries.map((e) => [e.key, e.value])), sequence: undefined };
  };
  return { acme: await read("acme"), globex: await read("globex") };
};

// --- the mock over REST and over gRPC ---------------------------------------------------------------

const METHOD_NAMES = Object.keys(ProtoTextQueryMethod).filter((name) => name.startsWith("TEXT_QUERY_METHOD_"));

export const restApi = (url: string): MetadataApi => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each caller picks its fields from the JSON
  const call = async <T>(org: OrgName, method: string, path: string, body: unknown, pick: (json: any) => T): Promise<Answer<T>> => {
    const res = await fetch(`${url}/management/v1/metadata/${path}`, {
      method,
      headers: { authorization: `Bearer ${ORGS[org]}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as { code: number };
    return res.ok ? { ok: pick(json) } : { code: json.code };
  };
  const sequence = (json: { details?: { sequence?: string } }) => Number(json.details?.sequence ?? 0);
  const path = (key: string) => encodeURIComponent(key);
  return {
    set: (o, e) => call(o, "POST", path(e.key), { value: e.value }, sequence),
    bulkSet: (o, es) => call(o, "POST", "_bulk", { metadata: es }, sequence),
    get: (o, k) => call(o, "GET", path(k), undefined, (j: { metadata: Entry }) => ({ key: j.metadata.key, value: j.metadata.value })),
    list: (o, qs, offset, limit) =>
      call(
        o,
        "POST",
        "_search",
        { query: { offset: String(offset), limit }, queries: qs.map((q) => ({ keyQuery: { key: q.key, method: METHOD_NAMES[q.method] } })) },
        (j: { details?: { totalResult?: string }; result?: Entry[] }) => ({
          total: Number(j.details?.totalResult ?? 0),
          entries: (j.result ?? []).map((r) => ({ key: r.key, value: r.value })),
        }),
      ),
    remove: (o, k) => call(o, "DELETE", path(k), undefined, sequence),
    bulkRemove: (o, ks) => call(o, "DELETE", "_bulk", { keys: ks }, sequence),
  };
};

export const grpcApi = (url: string): MetadataApi => {
  const clients = { acme: createManagementClient(url, createAccessTokenInterceptor(ORGS.acme)), globex: createManagementClient(url, createAccessTokenInterceptor(ORGS.globex)) };
  const call = async <T>(run: () => Promise<T>): Promise<Answer<T>> => {
    try {
      return { ok: await run() };
    } catch (error) {
      if (error instanceof ClientError) return { code: error.code };
      throw error;
    }
  };
  const bytes = (v: string) => Buffer.from(v, "base64");
  const text = (b: Uint8Array) => Buffer.from(b).toString("base64");
  const seq = (r: { details?: { sequence: { toNumber(): number } } }) => r.details?.sequence.toNumber() ?? 0;
  return {
    set: (o, e) => call(async () => seq(await clients[o].setOrgMetadata({ key: e.key, value: bytes(e.value) }))),
    bulkSet: (o, es) => call(async () => seq(await clients[o].bulkSetOrgMetadata({ metadata: es.map((e) => ({ key: e.key, value: bytes(e.value) })) }))),
    get: (o, k) =>
      call(async () => {
        const { metadata } = await clients[o].getOrgMetadata({ key: k });
        return { key: metadata!.key, value: text(metadata!.value) };
      }),
    list: (o, qs, offset, limit) =>
      call(async () => {
        const r = await clients[o].listOrgMetadata({ query: { offset, limit }, queries: qs.map((q) => ({ keyQuery: { key: q.key, method: q.method } })) });
        return { total: r.details?.totalResult.toNumber() ?? 0, entries: r.result.map((m) => ({ key: m.key, value: text(m.value) })) };
      }),
    remove: (o, k) => call(async () => seq(await clients[o].removeOrgMetadata({ key: k }))),
    bulkRemove: (o, ks) => call(async () => seq(await clients[o].bulkRemoveOrgMetadata({ keys: [...ks] }))),
  };
};
