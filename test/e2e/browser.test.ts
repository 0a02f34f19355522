/**
 * The mock in a real browser (Debian's chromium driven by playwright-core), as frontend developers
 * use it in e2e tests: a demo app on another origin lists metadata over REST and gRPC-web, writes a
 * key, and shows ZITADEL's error text once the test has set a fault rule; the inspector page shows
 * the write and its journal entry; a page on another origin fails to reset the mock. Screenshots go
 * to reports/. Skipped, with the reason printed, where there is no chromium (`.ci/run` installs it).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockServer, type Fixture, type MockServer, type RequestLogEntry } from "../../src/index.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) console.warn(`browser e2e skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH; .ci/run installs it)`);

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const REPORTS = fileURLToPath(new URL("../../reports/", import.meta.url));
const ORG_ID = "500";
const TOKEN = "demo-owner-token";
const USER_ID = "501";
const b64 = (text: string) => Buffer.from(text).toString("base64");

/** The little of the DOM the test's page scripts use (the project compiles without the DOM library). */
interface BrowserGlobals {
  document: { getElementById(id: string): { textContent: string | null; action: string; removeAttribute(name: string): void; submit(): void } };
}

/** What the test seeds with PUT /__mock/state. */
const seed: Fixture = {
  orgs: [{ id: ORG_ID, name: "Demo Corp", primaryDomain: "demo.localhost" }],
  users: [{ id: USER_ID, orgId: ORG_ID, userName: "owner@demo", tokens: [TOKEN], memberships: [{ orgId: ORG_ID, roles: ["ORG_OWNER"] }] }],
  metadata: [
    { orgId: ORG_ID, key: "plan", value: b64("pro") },
    { orgId: ORG_ID, key: "avatar", value: Buffer.from([0xff, 0x00, 0x10]).toString("base64") },
  ],
  userMetadata: [{ userId: USER_ID, key: "locale", value: b64("de-CH") }],
};

/** The demo app and the other site, served on their own origin. */
const startDemoSite = async () => {
  const bundle = await build({ entryPoints: [here("./demo-app/app.js")], bundle: true, write: false, format: "esm", platform: "browser", target: "es2022", logLevel: "silent" });
  const files: Record<string, [string, string | Uint8Array]> = {
    "/": ["text/html", readFileSync(here("./demo-app/index.html"), "utf8")],
    "/app.js": ["text/javascript", bundle.outputFiles[0]!.contents],
    "/attacker.html": ["text/html", readFileSync(here("./attacker.html"), "utf8")],
  };
  const server = http.createServer((req, res) => {
    const file = files[new URL(req.url ?? "/", "http://x").pathname];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // localhost vs the mock's 127.0.0.1: another origin, as an app on its dev server is.
  return { server, url: `http://localhost:${(server.address() as AddressInfo).port}` };
};

describe.skipIf(!available)("in a real browser", () => {
  let mock: MockServer;
  let mockUrl: string;
  let site: Awaited<ReturnType<typeof startDemoSite>>;
  let context: BrowserContext;
  let userDataDir: string;
  const accessLog: RequestLogEntry[] = [];
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${mockUrl}/__mock${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }) });
  const screenshot = (page: Page, name: string) => page.screenshot({ path: join(REPORTS, `e2e-${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(REPORTS, { recursive: true });
    mock = await createMockServer({ port: 0, onRequest: (entry) => accessLog.push(entry) });
    ({ url: mockUrl } = await mock.start());
    site = await startDemoSite();
    userDataDir = mkdtempSync(join(tmpdir(), "zitadel-mock-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    // The test seeds the mock as a Playwright test would, before the app loads.
    expect((await control("PUT", "/state", seed)).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await mock?.stop();
    site?.server.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it("the demo app lists the seeded metadata over REST and gRPC-web, writes a key, and shows ZITADEL's error under a fault rule", async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/?mock=${encodeURIComponent(mockUrl)}&token=${TOKEN}`);
    await expect.poll(() => page.locator("#rest-list li").allTextContents(), { timeout: 20_000 }).toEqual(["avatar = \ufffd\u0000\u0010", "plan = pro"]);
    await expect.poll(() => page.locator("#grpc-web-list li").allTextContents(), { timeout: 20_000 }).toEqual(["avatar = \ufffd\u0000\u0010", "plan = pro"]);

    await page.click("#write button");
    await expect.poll(() => page.locator("#saved").textContent(), { timeout: 20_000 }).toBe("saved theme");
    await expect.poll(() => page.locator("#grpc-web-list li").allTextContents(), { timeout: 20_000 }).toContain("theme = dark");
    await screenshot(page, "demo-app");

    const journal = (await (await control("GET", "/requests?rpc=SetOrgMetadata")).json()) as { requests: { transport: string; orgId: string; request: unknown }[] };
    expect(journal.requests).toEqual([expect.objectContaining({ transport: "rest", orgId: ORG_ID, request: { key: "theme", value: b64("dark") } })]);

    expect((await control("POST", "/faults", { match: { rpc: "SetOrgMetadata" }, error: { id: "META-2ml0f" }, times: 1 })).status).toBe(201);
    expect((await control("POST", "/faults", { match: { rpc: "ListOrgMetadata", transport: "grpc-web" }, error: { code: 14, message: "metadata service unavailable" }, times: 1 })).status).toBe(201);
    await page.fill("#write input[name=value]", "light");
    await page.click("#write button");
    await expect.poll(() => page.locator("#rest-error").textContent(), { timeout: 20_000 }).toBe("Metadata is invalid (META-2ml0f)");
    await expect.poll(() => page.locator("#grpc-web-error").textContent(), { timeout: 20_000 }).toBe("metadata service unavailable");
    await screenshot(page, "demo-app-fault");
    // The faulted write changed nothing.
    expect(await page.locator("#rest-list li").allTextContents()).toContain("theme = dark");
  }, 120_000);

  it("the inspector page shows that write and its journal entry", async () => {
    const page = await context.newPage();
    await page.goto(`${mockUrl}/__mock/`);
    const row = page.locator(`details[data-org="${ORG_ID}"] > table tr[data-key="theme"]`);
    await expect.poll(() => row.locator("td").allTextContents(), { timeout: 20_000 }).toEqual(["theme", "dark", expect.stringMatching(/^\d+$/), expect.any(String), expect.any(String)]);
    await expect.poll(() => page.locator(`details[data-org="${ORG_ID}"] > table tr[data-key="avatar"] .base64`).textContent(), { timeout: 20_000 }).toBe("/wAQ");
    await expect
      .poll(() => page.locator("#journal tbody tr").allInnerTexts(), { timeout: 20_000 })
      .toContainEqual(expect.stringMatching(/\trest\tSetOrgMetadata theme\t500\t200\t/));
    await expect.poll(() => page.locator("#journal tbody tr", { hasText: "META-2ml0f" }).count(), { timeout: 20_000 }).toBe(1);
    await screenshot(page, "inspector");

    // A rule added and removed on the page is one of the control API's rules.
    await page.fill("#add-fault input[name=rpc]", "GetOrgMetadata");
    await page.fill("#add-fault input[name=errorId]", "QUERY-Rph32");
    await page.fill("#add-fault input[name=times]", "2");
    await page.click("#add-fault button[type=submit]");
    await expect.poll(async () => ((await (await control("GET", "/faults")).json()) as { faults: unknown[] }).faults, { timeout: 20_000 }).toEqual([
      { id: expect.any(String), match: { rpc: "GetOrgMetadata" }, error: { id: "QUERY-Rph32" }, times: 2 },
    ]);
    await expect.poll(() => page.locator("#faults tbody tr").allInnerTexts(), { timeout: 20_000 }).toEqual([expect.stringMatching(/rpc=GetOrgMetadata\terror QUERY-Rph32\t2/)]);
    await screenshot(page, "inspector-fault-rule");
    await page.click("#faults tbody button[data-remove]");
    await expect.poll(async () => ((await (await control("GET", "/faults")).json()) as { faults: unknown[] }).faults, { timeout: 20_000 }).toEqual([]);
  }, 120_000);

  it("the inspector page shows user metadata under the user's org, and user-metadata calls in the journal", async () => {
    const page = await context.newPage();
    await page.goto(`${mockUrl}/__mock/`);
    const user = page.locator(`details[data-org="${ORG_ID}"] details[data-user="${USER_ID}"]`);
    await expect.poll(() => user.locator("summary").textContent(), { timeout: 20_000 }).toMatch(/^user owner@demo 501 · 1 key · sequence \d+$/);
    const written = await fetch(`${mockUrl}/management/v1/users/${USER_ID}/metadata/timezone`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ value: b64("Europe/Zurich") }),
    });
    expect(written.status).toBe(200);
    // The live page picks the write up from the journal.
    await expect.poll(() => user.locator("summary").textContent(), { timeout: 20_000 }).toMatch(/^user owner@demo 501 · 2 keys · sequence \d+$/);
    await expect.poll(() => user.locator("tr[data-key]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-key"))), { timeout: 20_000 }).toEqual(["locale", "timezone"]);
    await expect.poll(() => user.locator('tr[data-key="timezone"] td').nth(1).textContent(), { timeout: 20_000 }).toBe("Europe/Zurich");
    await expect
      .poll(() => page.locator("#journal tbody tr").allInnerTexts(), { timeout: 20_000 })
      .toContainEqual(expect.stringMatching(/\trest\tSetUserMetadata user 501 timezone\t500\t200\t/));
    await screenshot(page, "inspector-user-metadata");
  }, 120_000);

  it("a page on another origin fails to reset the mock: fetch, no-cors fetch and a form post are all refused", async () => {
    await control("POST", "/faults", { match: { rpc: "GetMyOrg" }, delayMs: 1 });
    const page = await context.newPage();
    await page.goto(`${site.url}/attacker.html`);
    const outcome = await page.evaluate(async (target) => {
      const { document } = globalThis as unknown as BrowserGlobals;
      const results: string[] = [];
      try {
        await fetch(`${target}/__mock/reset`, { method: "POST", headers: { "content-type": "text/plain" }, body: "x" });
        results.push("read the answer");
      } catch {
        results.push("blocked");
      }
      const opaque = await fetch(`${target}/__mock/reset`, { method: "POST", mode: "no-cors", body: "x" });
      results.push(opaque.type);
      document.getElementById("log").textContent = `fetch: ${results.join(", ")}`;
      return results;
    }, mockUrl);
    expect(outcome).toEqual(["blocked", "opaque"]);
    await screenshot(page, "attacker");
    // A plain HTML form post, the oldest cross-site request there is.
    await page.evaluate((target) => {
      const { document } = globalThis as unknown as BrowserGlobals;
      const form = document.getElementById("form");
      form.removeAttribute("target");
      form.action = `${target}/__mock/reset`;
      form.submit();
    }, mockUrl);
    await page.waitForURL(/\/__mock\/reset$/, { timeout: 20_000 });
    expect(JSON.parse((await page.locator("body").textContent()) ?? "")).toEqual({ code: 7, message: expect.stringContaining("other origins") });
    await screenshot(page, "attacker-form-post");
    // What the mock answered each of the three, as its access log saw it.
    await expect.poll(() => accessLog.filter((entry) => entry.path === "/__mock/reset").map((entry) => entry.httpStatus), { timeout: 20_000 }).toEqual([403, 403, 403]);

    // Nothing was reset: the written key and the rules are still there.
    const state = (await (await control("GET", "/state")).json()) as Fixture;
    expect(state.metadata.map((m) => m.key)).toContain("theme");
    expect(((await (await control("GET", "/faults")).json()) as { faults: unknown[] }).faults).toHaveLength(1);
  }, 120_000);
});
