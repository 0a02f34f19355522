/** The bench report: Markdown tables with ratios, the JSON behind them, and an SVG chart of req/s. */
import type { ScaleResult } from "./scale.js";
import type { StartupResult } from "./startup.js";
import type { Table, ThroughputResult } from "./throughput.js";

export interface BenchResults {
  readonly date: string;
  readonly node: string;
  readonly quick: boolean;
  readonly throughput?: ThroughputResult & { rounds: number; seconds: number };
  readonly startup?: StartupResult;
  readonly scale?: ScaleResult;
}

const n0 = (value: number | undefined): string => (value === undefined ? "–" : Math.round(value).toLocaleString("en"));
const ratio = (a: number | undefined, b: number | undefined): string => (a && b ? `${(a / b).toFixed(2)}×` : "–");

const markdownTable = (header: string[], rows: string[][]): string =>
  [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");

const columnsOf = (table: Table): string[] => [...new Set(Object.values(table).flatMap((row) => Object.keys(row)))];

/**
 * The mock's own work per call on each transport: its CPU per call less what the raw server of that
 * transport spends on a canned answer (for REST, raw node:http's figure from the wrk runs). gRPC ÷ REST
 * by CPU is (REST floor + REST own) ÷ (gRPC floor + gRPC own), so the target asks gRPC's own work to be
 * a fraction of REST's that these lines print each run (decision 044).
 */
const ownWorkLines = (t: NonNullable<BenchResults["throughput"]>): string[] => {
  const lines: string[] = [];
  for (const [rpc, row] of Object.entries(t.grpcCpu ?? {})) {
    const [grpc, rest, grpcFloor] = [row["mock gRPC (h2c)"], row["mock REST (HTTP/1.1)"], row["raw node:http2 gRPC"]];
    const restFloor = t.restCpu?.[`REST ${rpc}`]?.["raw node:http"];
    if (!grpc || !rest || !grpcFloor || !restFloor) continue;
    const [grpcOwn, restOwn] = [grpc - grpcFloor, rest - restFloor];
    const needed = rest / 1.5 - grpcFloor;
    const reach = needed > 0 ? `at ${n0(needed)} µs, ${ratio(needed, restOwn)} of REST's` : "at no cost at all: out of reach";
    lines.push(
      `- ${rpc}, CPU µs per call above the transport's raw server: gRPC ${n0(grpcOwn)} (${n0(grpc)} − raw node:http2 ${n0(grpcFloor)}), ` +
        `REST ${n0(restOwn)} (${n0(rest)} from h2load --h1 − raw node:http ${n0(restFloor)} from wrk); ` +
        `gRPC ÷ REST by CPU would reach 1.5× with gRPC's own work ${reach}`,
    );
  }
  return lines;
};

export const toMarkdown = (results: BenchResults): string => {
  const parts = [`# zitadel-mock bench`, "", `${results.date}, Node ${results.node}${results.quick ? ", --quick" : ""}.`];
  const t = results.throughput;
  if (t) {
    const columns = columnsOf(t.rest);
    const others = columns.filter((c) => c !== "mock");
    parts.push(
      "",
      `## REST req/s (wrk -t1 -c16, ${t.rounds} interleaved rounds of ${t.seconds} s, medians)`,
      "",
      markdownTable(
        ["operation", ...columns, ...others.map((c) => `mock ÷ ${c}`)],
        Object.entries(t.rest).map(([op, row]) => [op, ...columns.map((c) => n0(row[c])), ...others.map((c) => ratio(row.mock, row[c]))]),
      ),
    );
    if (Object.keys(t.grpc).length > 0) {
      parts.push(
        "",
        `## gRPC req/s (h2load -c16 -m4 on h2c; REST with h2load --h1 -c16; medians)`,
        "",
        markdownTable(
          ["RPC", ...columnsOf(t.grpc), "gRPC ÷ REST", "gRPC ÷ raw node:http2"],
          Object.entries(t.grpc).map(([op, row]) => [
            op,
            ...columnsOf(t.grpc).map((c) => n0(row[c])),
            ratio(row["mock gRPC (h2c)"], row["mock REST (HTTP/1.1)"]),
            ratio(row["mock gRPC (h2c)"], row["raw node:http2 gRPC"]),
          ]),
        ),
      );
    }
    if (Object.keys(t.restCpu ?? {}).length > 0) {
      const columns = columnsOf(t.restCpu);
      const others = columns.filter((c) => c !== "mock");
      parts.push(
        "",
        "## Server CPU µs per request (user + system of the server process over the same runs, medians)",
        "",
        "On a shared machine req/s also measure what else runs; CPU time per request does not. " +
          "`mock ÷ X (CPU)` is X's CPU per request over the mock's: the req/s ratio the two would reach on equal cores.",
        "",
        markdownTable(
          ["operation", ...columns, ...others.map((c) => `mock ÷ ${c} (CPU)`)],
          Object.entries(t.restCpu).map(([op, row]) => [op, ...columns.map((c) => n0(row[c])), ...others.map((c) => ratio(row[c], row.mock))]),
        ),
      );
    }
    if (Object.keys(t.grpcCpu ?? {}).length > 0) {
      parts.push(
        "",
        markdownTable(
          ["RPC (CPU µs per request)", ...columnsOf(t.grpcCpu), "gRPC ÷ REST (CPU)", "gRPC ÷ raw node:http2 (CPU)"],
          Object.entries(t.grpcCpu).map(([op, row]) => [
            op,
            ...columnsOf(t.grpcCpu).map((c) => n0(row[c])),
            ratio(row["mock REST (HTTP/1.1)"], row["mock gRPC (h2c)"]),
            ratio(row["raw node:http2 gRPC"], row["mock gRPC (h2c)"]),
          ]),
        ),
      );
    }
    const ownWork = ownWorkLines(t);
    if (ownWork.length > 0) parts.push("", ...ownWork);
    if (t.notes.length > 0) parts.push("", ...t.notes.map((note) => `- ${note}`));
    parts.push("", "![req/s per operation](req-per-second.svg)");
  }
  const s = results.startup;
  if (s) {
    const [mock, express] = Object.values(s.medians);
    parts.push(
      "",
      `## Start-up: spawn to the first 200 on /debug/healthz, and the mock's first API 200 (median of ${s.runs}, interleaved)`,
      "",
      markdownTable(
        ["program", "ms"],
        Object.entries(s.medians).map(([name, ms]) => [name, ms.toFixed(0)]),
      ),
      "",
      `mock ÷ express: ${ratio(mock, express)}`,
    );
  }
  const c = results.scale;
  if (c) {
    const MiB = (v: number) => `${v.toFixed(0)} MiB`;
    parts.push(
      "",
      `## One org with ${c.keys.toLocaleString("en")} keys`,
      "",
      markdownTable(
        ["measure", "value"],
        [
          ["generator", `${c.generatorSeconds.toFixed(1)} s (per-key time vs a tenth of the keys: ${c.generatorLinearity.toFixed(2)}×; same seed, same bytes: ${c.generatorDeterministic})`],
          ["fixture load: spawn to first liveness 200 (/debug/healthz, answered while the fixture loads)", `${c.loadToFirst200Seconds.toFixed(2)} s`],
          ["fixture load: spawn to first API 200 (GET /management/v1/orgs/me)", `${c.loadToFirstApi200Seconds.toFixed(2)} s (process CPU then: ${c.loadCpuSecondsAtFirstApi200.toFixed(2)} s)`],
          ["RSS after load", MiB(c.rssAfterLoadMiB)],
          ["retained heap per key (the mock: store, reset state)", `${c.heapBytesPerKey.toFixed(0)} B`],
          ...Object.entries(c.searchMs).map(([name, ms]) => [`search ${name}, limit 10 (median)`, `${ms.toFixed(2)} ms`]),
          ["first CONTAINS after load (builds the key texts)", `${c.firstScanMs.toFixed(1)} ms`],
          ["retained heap per key after the searches (with the key texts)", `${c.heapBytesPerKeyAfterSearches.toFixed(0)} B`],
          ["RSS before / after 10,000 broad searches", `${MiB(c.rssBeforeSearchesMiB)} / ${MiB(c.rssAfterSearchesMiB)}`],
          [
            `RSS per key, ${c.writes.toLocaleString("en")} new keys written / the same keys from a fixture`,
            `${c.rssBytesPerWrittenKey.toFixed(0)} B / ${c.rssBytesPerLoadedKey.toFixed(0)} B (${(c.rssBytesPerWrittenKey / c.rssBytesPerLoadedKey).toFixed(2)}×)`,
          ],
          [`heap per key, written / from a fixture`, `${c.heapBytesPerWrittenKey.toFixed(0)} B / ${c.heapBytesPerLoadedKey.toFixed(0)} B`],
        ],
      ),
    );
  }
  return `${parts.join("\n")}\n`;
};

const COLORS = ["#2563eb", "#16a34a", "#f59e0b", "#6b7280", "#db2777", "#0891b2"];
const escapeXml = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Grouped bars: one group per operation, one bar per server, value labels on the bars. */
export const toSvg = (table: Table, title: string): string => {
  const columns = columnsOf(table);
  const rows = Object.entries(table);
  const max = Math.max(1, ...rows.flatMap(([, row]) => Object.values(row)));
  const barWidth = 34;
  const groupWidth = columns.length * barWidth + 40;
  const [left, top, height] = [60, 50, 260];
  const width = left + rows.length * groupWidth + 20;
  const totalHeight = top + height + 60 + columns.length * 18;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${totalHeight}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="24" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    `<line x1="${left}" y1="${top + height}" x2="${width - 10}" y2="${top + height}" stroke="#333"/>`,
  ];
  rows.forEach(([op, row], g) => {
    const x0 = left + g * groupWidth + 20;
    columns.forEach((column, i) => {
      const value = row[column];
      if (value === undefined) return;
      const h = (value / max) * height;
      const x = x0 + i * barWidth;
      out.push(`<rect x="${x}" y="${top + height - h}" width="${barWidth - 6}" height="${h}" fill="${COLORS[i % COLORS.length]}"/>`);
      out.push(`<text x="${x + (barWidth - 6) / 2}" y="${top + height - h - 4}" text-anchor="middle" font-size="9">${n0(value)}</text>`);
    });
    out.push(`<text x="${x0 + (columns.length * barWidth) / 2}" y="${top + height + 16}" text-anchor="middle">${escapeXml(op)}</text>`);
  });
  columns.forEach((column, i) => {
    const y = top + height + 40 + i * 18;
    out.push(`<rect x="${left}" y="${y - 10}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>`);
    out.push(`<text x="${left + 18}" y="${y}">${escapeXml(column)}</text>`);
  });
  out.push(`<text x="14" y="${top + height / 2}" transform="rotate(-90 14 ${top + height / 2})" text-anchor="middle">requests / s</text>`, "</svg>");
  return `${out.join("\n")}\n`;
};
