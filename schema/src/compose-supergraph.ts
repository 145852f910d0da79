// Composes the subgraph SDLs into the supergraph, in-process (no rover binary).
import { composeServices } from "@apollo/composition";
// federation-internals' own printer: handing its schema to graphql-js's printer can meet a
// second copy of graphql (CommonJS beside ESM) and fail.
import { Supergraph, printSchema } from "@apollo/federation-internals";
import { parse } from "graphql";
import { SUBGRAPHS, readSubgraphSdl } from "./subgraphs.js";

export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPHS.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(readSubgraphSdl(s.name)) })),
  );
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join("\n")}`);
  return `${result.supergraphSdl.trimEnd()}\n`;
}

/** The schema clients see (no federation directives): what codegen and explorers read. */
export function apiSchemaOf(supergraphSdl: string): string {
  return `${printSchema(Supergraph.build(supergraphSdl).apiSchema()).trimEnd()}\n`;
}
