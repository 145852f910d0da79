// Draining an HTTP server without cutting a request it has received, in two steps.
//
// 1. beginDrain(): the server still accepts connections and serves them, but every answer says
//    `Connection: close` and its connection closes after it, so clients and load balancers move
//    elsewhere one answer at a time, without a connection ever being closed under a request.
// 2. drain(): the server stops accepting — after taking in the connections the kernel has already
//    queued for it, which closing the listening socket would otherwise reset — serves what it has
//    received, and closes each idle connection once whatever was waiting on it has been read.
//
// http.Server#close() closes idle keep-alive sockets at once (Node ≥ 19), and so does
// closeIdleConnections(): a socket whose request has arrived but is not parsed yet counts as
// idle and is cut with it. Hence the listening socket is closed here on its own, and an idle
// socket only after one whole poll phase of the event loop.
import { Server as NetServer, type Socket } from "node:net";
import type { Server, ServerResponse } from "node:http";

export interface ConnectionDrain {
  /** requests being served now */
  inFlight(): number;
  /** whether beginDrain() or drain() has been called */
  draining(): boolean;
  /** every answer from now on says `Connection: close`; the server goes on accepting */
  beginDrain(): void;
  /** begins the drain if need be, stops accepting connections (taking in those already queued),
   *  serves the requests received, closes each connection after its last response; resolves
   *  when every connection is closed */
  drain(): Promise<void>;
  /** closes every connection now, finished or not */
  closeAll(): void;
}

const drains = new WeakMap<Server, ConnectionDrain>();

/** The drain of `server`: one per server, whoever asks (the readiness probe, the lifecycle). */
export function trackConnections(server: Server): ConnectionDrain {
  const known = drains.get(server);
  if (known) return known;
  /** socket → requests it is serving */
  const sockets = new Map<Socket, number>();
  const unanswered = new Set<ServerResponse>();
  let closeAnswers = false;
  let closing = false;

  const closeIfIdle = (socket: Socket) => {
    if (sockets.get(socket) !== 0 || socket.destroyed) return;
    // Nothing of the last response left to write: destroy, so a request that crosses the close
    // on the wire is never executed without an answer (the client sees a reset and may retry).
    // Otherwise end, which writes the rest first.
    if (socket.writableLength === 0) socket.destroy();
    else socket.end();
  };
  // Deferred by two check phases, so that one whole poll phase lies between: it reads every
  // socket that was readable when the drain began (even if the drain began inside a poll phase,
  // after that phase had collected its events), and a request waiting there becomes in-flight.
  const afterOnePollPhase = (run: () => void) => setImmediate(() => setImmediate(run));
  const closeIfIdleSoon = (socket: Socket) => afterOnePollPhase(() => closeIfIdle(socket));

  server.on("connection", (socket: Socket) => {
    sockets.set(socket, 0);
    socket.once("close", () => sockets.delete(socket));
    // Accepted from the queue as the listening socket closes: served if its request is there.
    if (closing) closeIfIdleSoon(socket);
  });
  server.prependListener("request", (request, response) => {
    const socket = request.socket;
    sockets.set(socket, (sockets.get(socket) ?? 0) + 1);
    unanswered.add(response);
    if (closeAnswers) response.setHeader("connection", "close");
    response.once("close", () => {
      unanswered.delete(response);
      if (!sockets.has(socket)) return;
      sockets.set(socket, Math.max(0, (sockets.get(socket) ?? 1) - 1));
      if (closing) closeIfIdleSoon(socket);
    });
  });

  const beginDrain = () => {
    if (closeAnswers) return;
    closeAnswers = true;
    // Answers not started yet tell their client not to reuse the connection.
    for (const response of unanswered) if (!response.headersSent) response.setHeader("connection", "close");
  };

  const drain: ConnectionDrain = {
    inFlight: () => unanswered.size,
    draining: () => closeAnswers,
    beginDrain,
    drain: () =>
      new Promise<void>((resolve) => {
        beginDrain();
        closing = true;
        for (const socket of sockets.keys()) closeIfIdleSoon(socket);
        // One poll phase first: it accepts every connection the kernel has queued, which closing
        // the listening socket now would reset. net.Server's close then stops accepting and calls
        // back once every connection has closed, without http.Server's closing of idle ones.
        afterOnePollPhase(() => NetServer.prototype.close.call(server, () => resolve()));
      }),
    closeAll: () => {
      for (const socket of sockets.keys()) socket.destroy();
    },
  };
  drains.set(server, drain);
  return drain;
}
