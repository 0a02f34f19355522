import { describe, expect, it } from "vitest";
import { httpDate } from "../server/http-date.js";
import { answeredByGrpcGo, grpcGoResponseHeaders, noCacheHeaders } from "./grpc-go-headers.js";

/** The header names of a names-and-values array, in order. */
const namesOf = (pairs: string[]) => pairs.filter((_, i) => i % 2 === 0);

describe("grpc-go's response headers", () => {
  it("writes an HTTP date as Go's http.TimeFormat does", () => {
    expect(httpDate(Date.parse("2026-01-05T09:03:07.999Z"))).toBe("Mon, 05 Jan 2026 09:03:07 GMT");
    expect(httpDate(Date.parse("2026-01-05T09:03:08.000Z"))).toBe("Mon, 05 Jan 2026 09:03:08 GMT");
  });

  it("lists a call past the interceptors with the no-cache headers, sorted by name as Go writes them", () => {
    const headers = grpcGoResponseHeaders("application/grpc+proto", "gzip", true);
    const names = namesOf(headers);
    expect(names[0]).toBe(":status");
    expect(names.slice(1)).toEqual([...names.slice(1)].sort());
    expect(names).toEqual([
      ":status",
      "cache-control",
      "content-type",
      "expires",
      "grpc-encoding",
      "grpc-metadata-cache-control",
      "grpc-metadata-expires",
      "grpc-metadata-pragma",
      "pragma",
      "trailer",
      "trailer",
      "trailer",
      "x-robots-tag",
    ]);
    expect(headers.slice(-8)).toEqual(["trailer", "Grpc-Status", "trailer", "Grpc-Message", "trailer", "Grpc-Status-Details-Bin", "x-robots-tag", "none"]);
  });

  it("lists a call refused before the interceptors with the content type and trailer declarations only", () => {
    expect(grpcGoResponseHeaders("application/grpc", undefined, false)).toEqual([
      ":status", "200", "content-type", "application/grpc",
      "trailer", "Grpc-Status", "trailer", "Grpc-Message", "trailer", "Grpc-Status-Details-Bin", "x-robots-tag", "none",
    ]);
  });

  it("gives connect-node the same no-cache headers, expires now", () => {
    const headers = noCacheHeaders();
    expect(Object.keys(headers).sort()).toEqual(namesOf(grpcGoResponseHeaders("application/grpc", undefined, true)).filter((name) => ![":status", "content-type", "trailer", "x-robots-tag"].includes(name)));
    expect(headers.expires).toBe(headers["grpc-metadata-expires"]);
    expect(Math.abs(Date.parse(headers.expires!) - Date.now())).toBeLessThan(2000);
  });

  it("knows what grpc-go answers: native gRPC on HTTP/2 outside the v2 services", () => {
    const v1 = "/zitadel.management.v1.ManagementService/GetOrgMetadata";
    expect(answeredByGrpcGo(2, "application/grpc", v1)).toBe(true);
    expect(answeredByGrpcGo(2, "application/grpc+proto", "/no.such.Service/Rpc")).toBe(true);
    expect(answeredByGrpcGo(1, "application/grpc", v1)).toBe(false);
    expect(answeredByGrpcGo(2, "application/grpc-web+proto", v1)).toBe(false);
    expect(answeredByGrpcGo(2, "application/grpc", "/zitadel.user.v2.UserService/SetUserMetadata")).toBe(false);
  });
});
