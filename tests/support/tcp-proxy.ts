// A TCP proxy a test can cut and restore: while cut, connections are refused and those open are
// dropped, as when the server behind it goes away; restored, it forwards again on the same port.
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";

/** Joins a client's connection to its upstream both ways, each closing the other, and keeps both
 *  in `open` while they last (so a proxy can drop them all). */
export function splice(client: Socket, upstream: Socket, open: Set<Socket>): void {
  for (const socket of [client, upstream]) {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    socket.on("error", () => undefined);
  }
  client.pipe(upstream).pipe(client);
  client.on("close", () => upstream.destroy());
  upstream.on("close", () => client.destroy());
}

export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private listenPort: number,
    private readonly target: { host: string; port: number },
  ) {}

  /** The port it listens on: chosen by the system at the first start, kept when restored. */
  get port(): number {
    return this.listenPort;
  }

  static async start(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
    const proxy = new TcpProxy(port, target);
    await proxy.restore();
    return proxy;
  }

  /** Forwards connections again. */
  async restore(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      splice(client, connect(this.target.port, this.target.host), this.sockets);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.listenPort, "127.0.0.1", () => resolve());
    });
    this.listenPort = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Refuses new connections and drops the open ones. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
