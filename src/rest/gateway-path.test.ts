import { describe, expect, it } from "vitest";
import { cleanPathRedirect, withEncodedSlashesAsSeparators } from "./gateway-path.js";

describe("gorilla/mux's path cleaning", () => {
  it("leaves a clean path alone", () => {
    expect(cleanPathRedirect("/management/v1/metadata/plan", undefined)).toBeUndefined();
    expect(cleanPathRedirect("/management/v1/metadata/", undefined)).toBeUndefined();
  });

  it("redirects //, /./ and /../ to the cleaned path, keeping a trailing slash and the query", () => {
    expect(cleanPathRedirect("/a//b", undefined)).toBe("/a/b");
    expect(cleanPathRedirect("/a/./b/", "x=1")).toBe("/a/b/?x=1");
    expect(cleanPathRedirect("/a/../../b", undefined)).toBe("/b");
  });

  it("cleans the decoded path and escapes the result as Go's URL does", () => {
    expect(cleanPathRedirect("/a/%2E%2E/b%20c", undefined)).toBe("/b%20c");
    expect(cleanPathRedirect("/x//a:b@c", undefined)).toBe("/x/a:b@c");
  });
});

describe("the path grpc-gateway routes", () => {
  it("splits segments at %2F, in either case", () => {
    expect(withEncodedSlashesAsSeparators("/metadata/a%2Fb")).toBe("/metadata/a/b");
    expect(withEncodedSlashesAsSeparators("/metadata/a%2fb")).toBe("/metadata/a/b");
    expect(withEncodedSlashesAsSeparators("/metadata/a%252Fb")).toBe("/metadata/a%252Fb");
  });
});
