// Composes the subgraph SDLs into the supergraph, in-process (no rover binary).
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { SUBGRAPHS, readSubgraphSdl } from "./subgraphs.js";

export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPHS.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(readSubgraphSdl(s.name)) })),
  );
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join("\n")}`);
  return `${result.supergraphSdl.trimEnd()}\n`;
}
