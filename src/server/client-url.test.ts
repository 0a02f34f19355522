import { describe, expect, it } from "vitest";
import { clientUrlOf, isWildcardHost } from "./client-url.js";

describe("clientUrlOf", () => {
  it("calls a wildcard bind on loopback", () => {
    expect(clientUrlOf("0.0.0.0", 8080)).toBe("http://127.0.0.1:8080");
    expect(clientUrlOf("::", 8080)).toBe("http://[::1]:8080");
    expect(isWildcardHost("0.0.0.0")).toBe(true);
  });

  it("keeps a named host or address, an IPv6 one in brackets", () => {
    expect(clientUrlOf("127.0.0.1", 80)).toBe("http://127.0.0.1:80");
    expect(clientUrlOf("localhost", 80)).toBe("http://localhost:80");
    expect(clientUrlOf("::1", 80)).toBe("http://[::1]:80");
    expect(isWildcardHost("192.168.1.5")).toBe(false);
  });
});
