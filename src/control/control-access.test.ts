import { describe, expect, it } from "vitest";
import { refusalOf } from "./control-access.js";

const request = (headers: Record<string, string>) => ({ headers }) as never;
const bound = (host?: string) => ({ boundHost: () => host });

describe("refusalOf", () => {
  it.each(["localhost:8080", "LOCALHOST:8080", "app.localhost:3000", "127.0.0.1:8080", "127.1.2.3", "[::1]:8080", "[::1]"])("lets Host %s in", (host) => {
    expect(refusalOf(request({ host }), bound("127.0.0.1"))).toBeUndefined();
  });

  it.each(["example.com", "10.0.0.5:8080", "[::2]:8080", "localhost.evil.com", "127.0.0.1.nip.io", ""])("refuses Host %s", (host) => {
    expect(refusalOf(request({ host }), bound("127.0.0.1"))).toMatchObject({ status: 403, code: 7 });
  });

  it("lets the bound host in, with or without a port", () => {
    expect(refusalOf(request({ host: "10.0.0.5:8080" }), bound("10.0.0.5"))).toBeUndefined();
    expect(refusalOf(request({ host: "[fd00::5]:8080" }), bound("fd00::5"))).toBeUndefined();
  });

  it("takes only the mock's own origin: same scheme, host and port", () => {
    const host = "localhost:8080";
    expect(refusalOf(request({ host, origin: "http://localhost:8080" }), bound())).toBeUndefined();
    for (const origin of ["null", "http://localhost:8081", "https://localhost:8080", "http://127.0.0.1:8080"]) {
      expect(refusalOf(request({ host, origin }), bound())).toMatchObject({ status: 403 });
    }
  });

  it("with a token: requires exactly `Bearer <token>`, then any Host", () => {
    const options = { ...bound(), token: "t0k" };
    expect(refusalOf(request({ host: "mock.internal" }), options)).toMatchObject({ status: 401, code: 16 });
    expect(refusalOf(request({ host: "mock.internal", authorization: "Bearer t0" }), options)).toMatchObject({ status: 401 });
    expect(refusalOf(request({ host: "mock.internal", authorization: "bearer t0k" }), options)).toMatchObject({ status: 401 });
    expect(refusalOf(request({ host: "mock.internal", authorization: "Bearer t0k" }), options)).toBeUndefined();
  });
});
