// A TCP balancer for several replicas of one service: each new connection goes to the next
// target in turn, as a round-robin load balancer in front of replicas does.
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { splice } from "./tcp-proxy.js";

export class RoundRobinProxy {
  private next = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly targets: readonly number[],
  ) {}

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  static async start(targets: readonly number[], host = "127.0.0.1"): Promise<RoundRobinProxy> {
    let proxy: RoundRobinProxy | undefined;
    const server = createServer((client) => proxy?.forward(client, host));
    proxy = new RoundRobinProxy(server, targets);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, host, () => resolve());
    });
    return proxy;
  }

  private forward(client: Socket, host: string): void {
    const port = this.targets[this.next % this.targets.length] as number;
    this.next += 1;
    splice(client, connect(port, host), this.sockets);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
