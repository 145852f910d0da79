// Errors of every service: the public codes, the factories that make them, the mask that keeps
// everything else from clients, and the typed failures that stop a service at start-up.
export * from "./codes.js";
export * from "./factories.js";
export * from "./masking.js";
export * from "./startup.js";
