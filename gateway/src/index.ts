// @sentiment/gateway: the only public entry point of the API. `main.ts` runs it; this file is
// what other code of the project may use: serving a gateway, its settings, the API key file
// (also its own door, @sentiment/gateway/api-keys, for the `apikey` tool and the test stacks, which
// need nothing else of the gateway), and the subgraph data source.
export { serveGateway } from "./server.js";
export { superviseWorkers } from "./workers.js";
export { gatewayConfigSchema, type GatewayConfig } from "./config.js";
export { ApiKeyVerifier, createKey, readKeys, revokeKey, type ApiKeyRecord } from "./auth/api-keys.js";
export { MAX_REQUESTS_PER_CONNECTION, SubgraphSource, type GatewayContext } from "./subgraph-source.js";
