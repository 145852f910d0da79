// `npm run compose`: regenerates schema/supergraph.graphql and the client-facing schema/api.graphql
// from the subgraph SDLs.
import { writeFileSync } from "node:fs";
import { apiSchemaOf, composeSupergraph } from "./compose-supergraph.js";
import { API_SCHEMA_PATH, SUPERGRAPH_PATH } from "./subgraphs.js";

const supergraph = composeSupergraph();
writeFileSync(SUPERGRAPH_PATH, supergraph);
writeFileSync(API_SCHEMA_PATH, apiSchemaOf(supergraph));
console.log(`wrote ${SUPERGRAPH_PATH} and ${API_SCHEMA_PATH}`);
