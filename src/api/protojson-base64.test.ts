import { describe, expect, it } from "vitest";
import { decodeProtojsonBase64, isProtojsonBase64 } from "./protojson-base64.js";

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
