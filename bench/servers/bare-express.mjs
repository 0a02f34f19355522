/**
 * The baseline: express 5 with express.json and the same routes as the mock's Get, Set and List,
 * answering fixed JSON of the same shape (no state, no validation). Prints its URL, like the mock.
 */
import express from "express";

const details = { sequence: "2", creationDate: "2025-01-01T00:00:00Z", changeDate: "2025-01-01T00:00:00Z", resourceOwner: "1" };
const row = (key) => ({ details, key, value: "dmFsdWU=" });
const app = express();
app.disable("x-powered-by");
app.set("etag", false);
app.use(express.json());
app.get("/debug/healthz", (_req, res) => res.type("text/plain").send("ok"));
app.get("/management/v1/metadata/:key", (req, res) => res.json({ metadata: row(req.params.key) }));
app.post("/management/v1/metadata/_search", (_req, res) =>
  res.json({ details: { totalResult: "3", viewTimestamp: details.changeDate }, result: ["plan", "region", "support.tier"].map(row) }),
);
app.post("/management/v1/metadata/:key", (req, res) => res.json({ details: { ...details, value: req.body.value } }));
const server = app.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
