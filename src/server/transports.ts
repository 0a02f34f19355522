import type { IncomingMessage, ServerResponse } from "node:http";
import type { Instance } from "../core/instance.js";
import { createControl, type Control, type ControlOptions } from "../control/index.js";
import { createRestApp } from "../rest/rest-app.js";
import { createRestGateway } from "../rest/rest-gateway.js";
import type { StreamHandler } from "./http2-streams.js";
import type { RequestHandler } from "./one-port-server.js";
import type { DelayRange } from "./response-delay.js";
import { createTransportHandler } from "./transport-handler.js";

export interface TransportsOptions extends Omit<ControlOptions, "instance"> {
  readonly instance: Instance;
  /** The OpenAPI document that routes and validates the REST API. */
  readonly specPath: string;
  readonly delay?: DelayRange | undefined;
}

/** Everything that answers a request: REST (express for HTTP/1.1), gRPC and gRPC-web, and the control plane around them. */
export interface Transports {
  readonly control: Control;
  /** The REST app with the control plane (`mock.app`). */
  readonly app: (req: IncomingMessage, res: ServerResponse) => void;
  /** Every protocol, with the control plane. */
  readonly handler: RequestHandler;
  /** The native gRPC calls served on HTTP/2's stream API (decision 031), with the control plane. */
  readonly streamHandler: StreamHandler;
  /** Drops delayed requests and held responses; stops --watch and the state file. */
  close(): void;
}

/**
 * The heavy part of a mock server: what imports protobuf descriptors, connect-node, express,
 * openapi-backend. Imported by transport-loader.ts only, off the start path (decision 027).
 */
export const createTransports = async (options: TransportsOptions): Promise<Transports> => {
  const { instance, specPath, delay } = options;
  const control = await createControl(options); // control plane
  const gateway = await createRestGateway({ instance, specPath });
  const restApp = createRestApp(gateway);
  const transports = createTransportHandler(instance, gateway.handle, { delay });
  return {
    control,
    app: control.wrapApp(restApp), // control plane: /__mock/*, journal and faults for mock.app
    handler: control.wrapHandler(transports.handler), // control plane: /__mock/*, journal and faults
    streamHandler: control.wrapStreamHandler(transports.streamHandler), // control plane: journal and faults
    close: () => {
      transports.close();
      control.close(); // control plane: held responses
    },
  };
};
