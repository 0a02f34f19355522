import { describe, expect, it } from "vitest";
import { decodeProtojsonBase64, isProtojsonBase64, protojsonBase64Data } from "./protojson-base64.js";

describe("protojson base64", () => {
  it("accepts the standard or the URL-safe alphabet, padded or not", () => {
    for (const text of ["", "+/8=", "+/8", "-_8=", "-_8", "YQ==", "YQ", "YWI=", "YWI", "YWJj"]) expect(isProtojsonBase64(text)).toBe(true);
  });

  it("rejects mixed alphabets, wrong padding, stray characters", () => {
    for (const text of ["+_8=", "YQ=", "Y", "YQ===", "Y Q==", "=YQ=", "gold!"]) expect(isProtojsonBase64(text)).toBe(false);
  });

  it("decodes to a plain Uint8Array", () => {
    expect(decodeProtojsonBase64("+/8=")).toEqual(new Uint8Array([0xfb, 0xff]));
    expect(decodeProtojsonBase64("-_8")).toEqual(new Uint8Array([0xfb, 0xff]));
    expect(decodeProtojsonBase64("ZW50ZXJwcmlzZQ")).toEqual(new TextEncoder().encode("enterprise"));
    expect(decodeProtojsonBase64("")).toEqual(new Uint8Array());
    expect(decodeProtojsonBase64("YQ=")).toBeUndefined();
  });
});

describe("Go's decoder under protojson", () => {
  it("skips \\r and \\n anywhere, but counts them for the padding rule", () => {
    expect(decodeProtojsonBase64("eHh4\n")).toEqual(new TextEncoder().encode("xxx"));
    expect(decodeProtojsonBase64("eHh4\neA")).toEqual(new TextEncoder().encode("xxxx"));
    // 8 characters with the line break: padded, but 6 data characters are no whole quantum.
    expect(decodeProtojsonBase64("eHh4\r\neA")).toBeUndefined();
    // 5 characters with the line break: unpadded, so "=" is refused.
    expect(decodeProtojsonBase64("eA==\n")).toBeUndefined();
    expect(decodeProtojsonBase64("eA\n=")).toBeUndefined();
  });

  it("hands the REST decoder and the fixture loader the same text: line breaks out, the rest as written", () => {
    expect(protojsonBase64Data("eHh4\neA")).toBe("eHh4eA");
    expect(protojsonBase64Data("eA==\r\n\r\n")).toBe("eA==");
    expect(protojsonBase64Data("-_8")).toBe("-_8");
    expect(protojsonBase64Data("eHh4\r\neA")).toBeUndefined();
  });

  it("ignores non-zero trailing bits", () => {
    expect(decodeProtojsonBase64("ZZ==")).toEqual(new TextEncoder().encode("e"));
  });

  it("handles values of several megabytes", () => {
    const big = Buffer.alloc(4_300_000, 1).toString("base64");
    expect(decodeProtojsonBase64(big)?.length).toBe(4_300_000);
  });
});
