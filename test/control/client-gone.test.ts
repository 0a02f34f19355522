/**
 * A REST call whose client leaves after sending its body but before the gateway has decoded it (a
 * gzip body inflates asynchronously) never reaches the service, as with grpc-gateway's cancelled
 * context: the state stays as it was.
 */
import http2 from "node:http2";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ORG, TOKEN, mockPerFile, rest } from "../grpc/support.js";

const { mock, url } = await mockPerFile();
const asOwner = { token: TOKEN.acmeOwner };

/** Sends a whole gzip body on `path`, then resets the stream at once; resolves when the stream closed. */
const sendAndLeave = (path: string, body: unknown) =>
  new Promise<void>((resolve) => {
    const session = http2.connect(url);
    const stream = session.request({
      ":method": "POST",
      ":path": path,
      "content-type": "application/json",
      "content-encoding": "gzip",
      authorization: `Bearer ${TOKEN.acmeOwner}`,
    });
    stream.on("error", () => undefined);
    stream.end(gzipSync(JSON.stringify(body)), () => stream.close(http2.constants.NGHTTP2_CANCEL));
    stream.on("close", () => session.close(resolve));
  });

/** Waits until the mock has journalled `count` calls (each is recorded when its response closes). */
const journalled = (count: number) => expect.poll(() => mock.control.requests().length).toBe(count);

describe("a REST call whose client left while its body was read", () => {
  it("does not change the state (v1 SetOrgMetadata)", async () => {
    mock.control.clearRequests();
    await sendAndLeave("/management/v1/metadata/gone", { value: Buffer.from("x").toString("base64") });
    await journalled(1);
    expect((await rest(url, "GET", "/metadata/gone", asOwner)).status).toBe(404);
  });

  it("does not change the state (v2beta SetOrganizationMetadata)", async () => {
    const v2 = `/v2beta/organizations/${ORG.acme}/metadata`;
    // The v2 gateway loads on its first call; once loaded, the body is read at once.
    expect((await fetch(`${url}${v2}/search`, { method: "POST", headers: { authorization: `Bearer ${TOKEN.acmeOwner}` }, body: "{}" })).status).toBe(200);
    mock.control.clearRequests();
    await sendAndLeave(v2, { metadata: [{ key: "gone", value: Buffer.from("x").toString("base64") }] });
    await journalled(1);
    expect((await rest(url, "GET", "/metadata/gone", asOwner)).status).toBe(404);
  });
});
