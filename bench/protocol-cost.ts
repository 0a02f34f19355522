/**
 * What a call costs over each protocol, measured side by side in one run: the same GetOrgMetadata
 * over REST (fetch), gRPC (@zitadel/node over h2c) and gRPC-web (@connectrpc/connect-web).
 * Rounds interleave the protocols so machine noise hits all of them alike.
 * Run: npm run bench -- protocols   (or: npx tsx bench/protocol-cost.ts)
 */
import { createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { createAccessTokenInterceptor, createManagementClient } from "@zitadel/node/dist/api/index.js";
import { ManagementService } from "@zitadel/proto/zitadel/management_pb.js";
import { createMockServer } from "../src/index.js";
import { fmt, median, timeEach } from "./stats.js";

const ROUNDS = 10;
const CALLS_PER_ROUND = 200;
const TOKEN = "acme-owner-token";

export const runProtocolCost = async (): Promise<void> => {
  const mock = await createMockServer({ port: 0 });
  const { url } = await mock.start();
  try {
    const grpc = createManagementClient(url, createAccessTokenInterceptor(TOKEN));
    const grpcWeb = createClient(ManagementService, createGrpcWebTransport({ baseUrl: url }));
    const headers = { authorization: `Bearer ${TOKEN}` };
    const calls: Record<string, () => Promise<unknown>> = {
      "REST (HTTP/1.1 keep-alive)": async () => (await fetch(`${url}/management/v1/metadata/plan`, { headers })).json(),
      "gRPC (@zitadel/node, h2c)": () => grpc.getOrgMetadata({ key: "plan" }),
      "gRPC-web (connect-web, HTTP/1.1)": () => grpcWeb.getOrgMetadata({ key: "plan" }, { headers }),
    };
    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(calls).map((k) => [k, []]));
    for (const call of Object.values(calls)) await timeEach(50, call); // warm-up: connections, JIT
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, call] of Object.entries(calls)) samples[name]!.push(...(await timeEach(CALLS_PER_ROUND, call)));
    }
    const rest = median(samples["REST (HTTP/1.1 keep-alive)"]!);
    console.log(`GetOrgMetadata, one client, sequential calls: median of ${ROUNDS * CALLS_PER_ROUND} per protocol`);
    for (const [name, values] of Object.entries(samples)) {
      const m = median(values);
      console.log(`${name.padEnd(36)}${fmt(m).padStart(12)}   x${(m / rest).toFixed(2)} of REST`);
    }
  } finally {
    await mock.stop();
  }
};

if (import.meta.url === `file://${process.argv[1]}`) await runProtocolCost();
