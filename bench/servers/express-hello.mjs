/** The start-up baseline: a bare express 5 hello on /debug/healthz. Prints its URL. */
import express from "express";

const app = express();
app.get("/debug/healthz", (_req, res) => res.type("text/plain").send("ok"));
const server = app.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
