import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { answerStreamInternalError } from "./unanswerable-rpc.js";

describe("answerStreamInternalError", () => {
  it("answers Internal as grpc-go writes it: headers without date, then the status in the trailers", async () => {
    const server = http2.createServer();
    server.on("stream", (stream, headers) => answerStreamInternalError(stream, headers));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const client = http2.connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      const request = client.request({ ":method": "POST", ":path": "/zitadel.management.v1.ManagementService/GetMyOrg", "content-type": "application/grpc+proto" });
      request.end();
      request.resume();
      const [headers, trailers] = await Promise.all([
        new Promise<http2.IncomingHttpHeaders>((resolve) => request.on("response", resolve)),
        new Promise<http2.IncomingHttpHeaders>((resolve) => request.on("trailers", resolve)),
      ]);
      expect(headers).toMatchObject({ ":status": 200, "content-type": "application/grpc+proto", trailer: "Grpc-Status, Grpc-Message, Grpc-Status-Details-Bin" });
      expect(headers.date).toBeUndefined();
      expect(headers["grpc-status"]).toBeUndefined();
      expect(headers["cache-control"]).toBeUndefined();
      expect(trailers).toMatchObject({ "grpc-status": "13", "grpc-message": "An internal error occurred" });
    } finally {
      client.close();
      server.close();
    }
  });
});
