import { describe, expect, it } from "vitest";
import { acceptsRequestHeaders } from "./zitadel-cors.js";

describe("rs/cors's check of Access-Control-Request-Headers", () => {
  it("accepts ZITADEL's headers as browsers list them: lower-case, sorted, unique", () => {
    expect(acceptsRequestHeaders("")).toBe(true);
    expect(acceptsRequestHeaders("authorization,content-type,x-grpc-web,x-user-agent,x-zitadel-orgid")).toBe(true);
    expect(acceptsRequestHeaders("accept-language, authorization")).toBe(true);
  });

  it("refuses any header outside ZITADEL's list", () => {
    expect(acceptsRequestHeaders("authorization,traceparent")).toBe(false);
    expect(acceptsRequestHeaders("x-custom")).toBe(false);
  });

  it("refuses what a browser never sends: unsorted, repeated or upper-case names", () => {
    expect(acceptsRequestHeaders("content-type,authorization")).toBe(false);
    expect(acceptsRequestHeaders("authorization,authorization")).toBe(false);
    expect(acceptsRequestHeaders("Authorization")).toBe(false);
  });

  it("tolerates a little optional whitespace and a few empty elements, not more", () => {
    expect(acceptsRequestHeaders(",authorization,,content-type,")).toBe(true);
    expect(acceptsRequestHeaders("authorization,   content-type")).toBe(false);
    expect(acceptsRequestHeaders(`${",".repeat(17)}authorization`)).toBe(false);
  });
});
