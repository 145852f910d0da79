// @sentiment/platform: what every service of the project shares. This file is the package's
// public surface; the modules behind it are its own business.

// Configuration read once at start-up, and the errors a client or an operator can see.
export { drainSettings, loadConfig, logLevelSchema, portSchema, positiveInt, secretSchema } from "./config.js";
export * from "./errors/index.js";

// Who is calling, and what each caller may do.
export { ROLES, ANONYMOUS_SUBJECT, isRole, hasRole, type Role, type Identity } from "./authorization/roles.js";
export { requireRole } from "./authorization/require-role.js";
export { signForSubgraph, verifyFromGateway, SIGNATURE_HEADERS, SIGNATURE_VALIDITY_MS, type SignedRequest, type Verification } from "./gateway-signature.js";
export { ReplayGuard } from "./replay-guard.js";

// Serving: the HTTP layer, a subgraph server, listening, draining and stopping.
export { createServiceHttpServer, listen, type Admission, type ServiceHttpOptions } from "./service-http.js";
export { startSubgraph, type SignedCall, type SubgraphOptions, type SubgraphResolvers } from "./subgraph-server.js";
export { boundPort, reportListening, forwardListening, isListeningReport, type ListeningReport } from "./listening.js";
export { trackConnections, type ConnectionDrain } from "./http-drain.js";
export { shutdownGracefully, type RunningService } from "./lifecycle.js";
export { runService } from "./run-service.js";
export { REQUEST_ID_HEADER, requestIdFrom } from "./request-id.js";

// Observability.
export { createLogger, type Logger } from "./logger.js";
export { createServiceMetrics, type ServiceMetrics } from "./metrics.js";
export { serveMetrics } from "./metrics-server.js";
