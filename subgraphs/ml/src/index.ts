// @sentiment/ml: the ML subgraph. `main.ts` runs it; this file is what other code of the project
// may use: its settings.
export { mlConfigSchema, type MlConfig } from "./config.js";
