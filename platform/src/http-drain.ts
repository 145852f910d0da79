// Draining an HTTP server without cutting a request it has received, in two steps.
//
// 1. beginDrain(): the server still accepts connections and serves them, but every answer says
//    `Connection: close` and its connection closes after it, so clients and load balancers move
//    elsewhere one answer at a time, without a connection ever being closed under a request.
// 2. drain(): the server stops accepting — after taking in the connections the kernel has already
//    queued for it, which closing the listening socket would otherwise reset — serves what it has
//    received, and closes each idle connection once whatever was waiting on it has been read.
//    A connection that has not carried a request yet is not idle: it was opened to send one, and
//    its client may not have sent it yet (its first bytes can follow the accept by milliseconds
//    on a busy machine). Once the server has stopped accepting, it is given
//    FIRST_REQUEST_GRACE_MS for them, answered, and closed; closing it at once would cut that
//    request, and the client would see a reset. The server stops accepting at a quiet moment
//    (see STOP_ACCEPTING_WITHIN_MS).
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
   *  when every connection is closed. A connection that has carried no request is given
   *  `firstRequestGraceMs` (default FIRST_REQUEST_GRACE_MS) to send one before it is closed. */
  drain(firstRequestGraceMs?: number): Promise<void>;
  /** closes every connection now, finished or not */
  closeAll(): void;
}

const drains = new WeakMap<Server, ConnectionDrain>();

/** How long, from when the server stops accepting, a connection that has carried no request yet
 *  is given to send its first bytes. Far above the time a client takes to write its request after
 *  connecting; far below the time a client keeps an unused connection, and below the shutdown's
 *  grace (lifecycle.ts), which closes everything that is left. */
const FIRST_REQUEST_GRACE_MS = 1_000;

/** Once drain() is called, how long the server may go on accepting while it waits for a quiet
 *  moment (nothing accepted, nothing answered) to stop. A connection that reaches the kernel's
 *  queue between the last accept and the close is reset by the kernel, which no server process
 *  can prevent; a quiet moment makes that gap short and rare. Bounded, because a client that
 *  never stops connecting must not hold the shutdown. */
const STOP_ACCEPTING_WITHIN_MS = 500;

interface Connection {
  /** requests being served on it now */
  serving: number;
  /** requests it has carried, finished or not */
  requests: number;
  /** while it waits for its first request after the drain began */
  firstRequestGrace: NodeJS.Timeout | null;
}

/** The drain of `server`: one per server, whoever asks (the readiness probe, the lifecycle). */
export function trackConnections(server: Server): ConnectionDrain {
  const known = drains.get(server);
  if (known) return known;
  const sockets = new Map<Socket, Connection>();
  const unanswered = new Set<ServerResponse>();
  let closeAnswers = false;
  let closing = false;
  let stoppedAccepting = false;

  let firstRequestGraceMs = FIRST_REQUEST_GRACE_MS;

  const closeIfIdle = (socket: Socket) => {
    const connection = sockets.get(socket);
    if (!connection || connection.serving !== 0 || socket.destroyed) return;
    if (connection.requests === 0) {
      // No request yet: wait for it (its arrival makes the connection busy, and its answer's end
      // brings the connection back here), for a grace counted from when the server stops
      // accepting. Bytes already read mean the request is arriving.
      if (!stoppedAccepting || connection.firstRequestGrace || socket.bytesRead > 0) return;
      connection.firstRequestGrace = setTimeout(() => {
        if (connection.requests === 0 && socket.bytesRead === 0) socket.destroy();
      }, firstRequestGraceMs);
      connection.firstRequestGrace.unref();
      return;
    }
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

  /** connections accepted and answers finished so far: the drain stops accepting after a poll
   *  phase that adds none — no client has just been answered, so none is about to connect again */
  let activity = 0;
  server.on("connection", (socket: Socket) => {
    activity += 1;
    const connection: Connection = { serving: 0, requests: 0, firstRequestGrace: null };
    sockets.set(socket, connection);
    socket.once("close", () => {
      if (connection.firstRequestGrace) clearTimeout(connection.firstRequestGrace);
      sockets.delete(socket);
    });
    // Accepted from the queue as the listening socket closes: served if its request is there.
    if (closing) closeIfIdleSoon(socket);
  });
  server.prependListener("request", (request, response) => {
    const socket = request.socket;
    const connection = sockets.get(socket);
    if (connection) {
      connection.serving += 1;
      connection.requests += 1;
      if (connection.firstRequestGrace) clearTimeout(connection.firstRequestGrace);
      connection.firstRequestGrace = null;
    }
    unanswered.add(response);
    if (closeAnswers) response.setHeader("connection", "close");
    response.once("close", () => {
      activity += 1;
      unanswered.delete(response);
      if (!connection || !sockets.has(socket)) return;
      connection.serving = Math.max(0, connection.serving - 1);
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
    drain: (graceMs = FIRST_REQUEST_GRACE_MS) =>
      new Promise<void>((resolve) => {
        firstRequestGraceMs = graceMs;
        beginDrain();
        closing = true;
        for (const socket of sockets.keys()) closeIfIdleSoon(socket);
        // Closing the listening socket resets every connection the kernel has queued for it: one
        // whole poll phase first accepts them, and the close waits for a poll phase that accepted
        // none and finished no answer (no client has just been answered and is about to connect
        // again, and the phase was short), within STOP_ACCEPTING_WITHIN_MS. net.Server's close
        // then stops accepting and calls back once every connection has closed, without
        // http.Server's closing of idle ones.
        const latest = Date.now() + STOP_ACCEPTING_WITHIN_MS;
        let activityBefore = activity;
        const stopAcceptingWhenQuiet = () =>
          afterOnePollPhase(() => {
            if (activity !== activityBefore && Date.now() < latest) {
              activityBefore = activity;
              stopAcceptingWhenQuiet();
              return;
            }
            NetServer.prototype.close.call(server, () => resolve());
            stoppedAccepting = true;
            for (const socket of sockets.keys()) closeIfIdle(socket);
          });
        stopAcceptingWhenQuiet();
      }),
    closeAll: () => {
      for (const socket of sockets.keys()) socket.destroy();
    },
  };
  drains.set(server, drain);
  return drain;
}
