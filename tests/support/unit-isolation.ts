// Setup file of the unit project: a unit test that starts a process, listens on a port or opens a
// connection fails at once, naming what it tried, instead of passing on a developer's machine and
// racing the other test files that run beside it.
import childProcess from "node:child_process";
import dgram from "node:dgram";
import dns from "node:dns";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";
import workerThreads from "node:worker_threads";

class NotAUnitTest extends Error {
  constructor(what: string) {
    super(`${what} in a unit test: move the test under tests/integration/, or test the pure function underneath`);
    this.name = "NotAUnitTest";
  }
}

const refuse = (what: string) => () => {
  throw new NotAUnitTest(what);
};

for (const name of ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"] as const) {
  Object.defineProperty(childProcess, name, { value: refuse(`child_process.${name}`), configurable: true, writable: true });
}
for (const name of ["lookup", "resolve", "resolve4", "resolve6"] as const) {
  Object.defineProperty(dns, name, { value: refuse(`dns.${name}`), configurable: true, writable: true });
  Object.defineProperty(dns.promises, name, { value: refuse(`dns.promises.${name}`), configurable: true, writable: true });
}
Object.defineProperty(workerThreads, "Worker", { value: refuse("starting a worker thread"), configurable: true, writable: true });
// `import { spawn } from "node:child_process"` reads the ES module's own copy of the exports.
syncBuiltinESMExports();
net.Server.prototype.listen = refuse("listening on a port (net.Server.listen)");
net.Socket.prototype.connect = refuse("opening a connection (net.Socket.connect)");
globalThis.fetch = refuse("fetch");
dgram.Socket.prototype.bind = refuse("binding a UDP socket (dgram.Socket.bind)");
dgram.Socket.prototype.send = refuse("sending a UDP datagram (dgram.Socket.send)");
