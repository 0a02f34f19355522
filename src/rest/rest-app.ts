import express from "express";
import type { RestGateway } from "./rest-gateway.js";

/**
 * The REST gateway hosted in express for HTTP/1.1 (`mock.app`, e.g. for supertest). Every route is
 * the gateway's: the API from the spec, ZITADEL's probes and the mock's own `/__mock/` controls.
 */
export const createRestApp = (gateway: RestGateway): express.Express => {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use((req, res) => gateway.handle(req, res));
  return app;
};
