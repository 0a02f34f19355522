import type express from "express";
import type { Instance } from "../core/instance.js";
import type { RequestHandler } from "./one-port-server.js";

/** Routes each request to its protocol adapter. REST only for now. */
export const createTransportHandler = (_instance: Instance, app: express.Express): RequestHandler =>
  app as unknown as RequestHandler;
