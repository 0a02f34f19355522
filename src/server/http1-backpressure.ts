import type http from "node:http";
import type net from "node:net";

interface Lane {
  /** A request of the connection is being handled or its response is being sent. */
  busy: boolean;
  waitingForDrain: boolean;
  readonly queue: Array<() => void>;
}

export interface Http1BackpressureLimits {
  readonly maxQueuedRequestsPerConnection: number;
  readonly maxUnsentBytesPerConnection: number;
}

/**
 * HTTP/1.1 answers requests in order, and Node buffers the responses of pipelined requests until
 * the earlier ones are sent: a client that pipelines and never reads makes the server do all the
 * work and hold every response. Here a connection's next request is handled only when the previous
 * response is complete and the connection's unsent data is below a bound; until then the requests
 * wait unhandled (and the connection is not read). Too many waiting closes the connection; a closed
 * connection's waiting requests are dropped, never handled.
 */
export const withHttp1Backpressure = (
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  limits: Http1BackpressureLimits,
) => {
  const lanes = new WeakMap<net.Socket, Lane>();
  const laneOf = (socket: net.Socket): Lane => {
    let lane = lanes.get(socket);
    if (!lane) {
      const created: Lane = { busy: false, waitingForDrain: false, queue: [] };
      socket.once("close", () => (created.queue.length = 0));
      lanes.set(socket, created);
      lane = created;
    }
    return lane;
  };
  const next = (socket: net.Socket, lane: Lane): void => {
    if (lane.busy || lane.waitingForDrain) return;
    if (socket.destroyed) {
      lane.queue.length = 0;
      return;
    }
    if (socket.writableLength > limits.maxUnsentBytesPerConnection) {
      lane.waitingForDrain = true;
      socket.once("drain", () => {
        lane.waitingForDrain = false;
        next(socket, lane);
      });
      return;
    }
    const run = lane.queue.shift();
    if (run) run();
    else if (socket.isPaused()) socket.resume();
  };
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const socket = req.socket;
    const lane = laneOf(socket);
    const run = () => {
      lane.busy = true;
      res.once("close", () => {
        lane.busy = false;
        next(socket, lane);
      });
      handler(req, res);
    };
    if (!lane.busy && !lane.waitingForDrain && lane.queue.length === 0 && socket.writableLength <= limits.maxUnsentBytesPerConnection) {
      run();
      return;
    }
    if (lane.queue.length >= limits.maxQueuedRequestsPerConnection) {
      socket.destroy();
      return;
    }
    lane.queue.push(run);
    socket.pause();
    next(socket, lane);
  };
};
