/**
 * The ceiling: node:http answering canned bytes (HTTP/1.1), and node:http2 answering a canned gRPC
 * response (h2c, one empty-ish message and grpc-status 0). Prints its URL.
 */
import { Buffer } from "node:buffer";
import http from "node:http";
import http2 from "node:http2";

const json = Buffer.from(JSON.stringify({ metadata: { key: "plan", value: "ZW50ZXJwcmlzZQ==" } }));
const protocol = process.argv[3] ?? "http1";
const server =
  protocol === "grpc"
    ? http2.createServer((req, res) => {
        req.resume();
        req.on("end", () => {
          // A GetOrgMetadataResponse with a key and value, framed: flag 0, 4-byte length.
          const message = Buffer.from([0x0a, 0x0b, 0x1a, 0x04, 0x70, 0x6c, 0x61, 0x6e, 0x22, 0x03, 0x01, 0x02, 0x03]);
          const frame = Buffer.concat([Buffer.from([0, 0, 0, 0, message.length]), message]);
          res.writeHead(200, { "content-type": "application/grpc" });
          res.addTrailers({ "grpc-status": "0" });
          res.end(frame);
        });
      })
    : http.createServer((req, res) => {
        req.resume();
        req.on("end", () => {
          res.writeHead(200, { "content-type": "application/json", "content-length": json.length });
          res.end(json);
        });
      });
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
