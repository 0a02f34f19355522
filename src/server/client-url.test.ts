import { describe, expect, it } from "vitest";
import { clientUrlOf, isWildcardAddress } from "./client-url.js";

describe("clientUrlOf", () => {
  it("calls a wildcard bind on loopback, whatever the host was written as", () => {
    expect(clientUrlOf("0.0.0.0", "0.0.0.0", 8080)).toBe("http://127.0.0.1:8080");
    expect(clientUrlOf("::", "::", 8080)).toBe("http://[::1]:8080");
    expect(clientUrlOf("0:0:0:0:0:0:0:0", "::", 8080)).toBe("http://[::1]:8080");
    expect(clientUrlOf("", "::", 8080)).toBe("http://[::1]:8080");
  });

  it("keeps a named host or address, an IPv6 one in brackets", () => {
    expect(clientUrlOf("127.0.0.1", "127.0.0.1", 80)).toBe("http://127.0.0.1:80");
    expect(clientUrlOf("localhost", "127.0.0.1", 80)).toBe("http://localhost:80");
    expect(clientUrlOf("::1", "::1", 80)).toBe("http://[::1]:80");
    expect(isWildcardAddress("192.168.1.5")).toBe(false);
  });
});
