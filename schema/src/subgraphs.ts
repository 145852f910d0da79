// Where each subgraph's SDL lives and the URL the checked-in supergraph names for it.
// The gateway overrides these URLs from its configuration.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** schema/, where the SDL files live (this module is in schema/src/). */
export const SCHEMA_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const SUPERGRAPH_PATH = join(SCHEMA_DIR, "supergraph.graphql");
export const API_SCHEMA_PATH = join(SCHEMA_DIR, "api.graphql");

export const SUBGRAPHS = [
  { name: "reviews", file: "reviews.graphql", url: "http://localhost:4001/graphql" },
  { name: "ml", file: "ml.graphql", url: "http://localhost:4002/graphql" },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]["name"];

export function readSubgraphSdl(name: SubgraphName): string {
  const subgraph = SUBGRAPHS.find((s) => s.name === name);
  if (!subgraph) throw new Error(`unknown subgraph ${name}`);
  return readFileSync(join(SCHEMA_DIR, subgraph.file), "utf8");
}
