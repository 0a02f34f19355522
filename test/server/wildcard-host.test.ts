/**
 * A mock bound to every interface (`--host 0.0.0.0`, as in a container): the URL it gives is one a
 * client on this machine can call, and its banner says how others reach it.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createMockServer, type MockServer } from "../../src/index.js";
import { describeStartup } from "../../src/server/startup-banner.js";

const started: MockServer[] = [];
afterAll(() => Promise.all(started.map((mock) => mock.stop())));

describe("a mock bound to 0.0.0.0", () => {
  it("gives a loopback URL that answers, and the banner says other machines reach the API", async () => {
    const mock = await createMockServer({ host: "0.0.0.0", port: 0 });
    started.push(mock);
    const { url, host, address, port } = await mock.start();
    expect({ url, host, address }).toEqual({ url: `http://127.0.0.1:${port}`, host: "0.0.0.0", address: "0.0.0.0" });

    const res = await fetch(`${url}/management/v1/orgs/me`, { headers: { authorization: "Bearer acme-owner-token" } });
    expect(res.status).toBe(200);

    const banner = describeStartup(url, { orgs: [], users: [] }, { address });
    expect(banner).toContain(`zitadel-mock listening on http://127.0.0.1:${port} `);
    expect(banner).toContain("Bound to every interface (0.0.0.0): other machines and containers reach the API");
    expect(describeStartup(url, { orgs: [], users: [] }, { address: "127.0.0.1" })).not.toContain("Bound to every interface");
  });
});
