// Draining an HTTP server without cutting a request it has received. http.Server#close()
// closes idle keep-alive sockets at once (Node ≥ 19), and so does closeIdleConnections(): a
// socket whose request has arrived but is not parsed yet counts as idle and is cut with it.
// Here the listening socket is closed on its own, requests already read are served with
// `Connection: close`, and an idle socket is closed only after the event loop has read whatever
// was waiting on it.
import { Server as NetServer, type Socket } from "node:net";
import type { Server, ServerResponse } from "node:http";

export interface ConnectionDrain {
  /** requests being served now */
  inFlight(): number;
  /** stops accepting connections, serves the requests received, closes each connection after
   *  its last response; resolves when every connection is closed */
  drain(): Promise<void>;
  /** closes every connection now, finished or not */
  closeAll(): void;
}

export function trackConnections(server: Server): ConnectionDrain {
  /** socket → requests it is serving */
  const sockets = new Map<Socket, number>();
  const unanswered = new Set<ServerResponse>();
  let draining = false;

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
  const closeIfIdleSoon = (socket: Socket) => setImmediate(() => setImmediate(() => closeIfIdle(socket)));

  server.on("connection", (socket: Socket) => {
    sockets.set(socket, 0);
    socket.once("close", () => sockets.delete(socket));
  });
  server.prependListener("request", (request, response) => {
    const socket = request.socket;
    sockets.set(socket, (sockets.get(socket) ?? 0) + 1);
    unanswered.add(response);
    if (draining) response.setHeader("connection", "close");
    response.once("close", () => {
      unanswered.delete(response);
      if (!sockets.has(socket)) return;
      sockets.set(socket, Math.max(0, (sockets.get(socket) ?? 1) - 1));
      if (draining) closeIfIdleSoon(socket);
    });
  });

  return {
    inFlight: () => unanswered.size,
    drain: () =>
      new Promise<void>((resolve) => {
        draining = true;
        // Answers not started yet tell their client not to reuse the connection.
        for (const response of unanswered) if (!response.headersSent) response.setHeader("connection", "close");
        // net.Server's close stops accepting and calls back once every connection has closed,
        // without http.Server's immediate closing of idle connections.
        NetServer.prototype.close.call(server, () => resolve());
        for (const socket of sockets.keys()) closeIfIdleSoon(socket);
      }),
    closeAll: () => {
      for (const socket of sockets.keys()) socket.destroy();
    },
  };
}
