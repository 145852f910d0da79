// `npm run compose`: regenerates schema/supergraph.graphql from the subgraph SDLs.
import { writeFileSync } from "node:fs";
import { composeSupergraph } from "./compose-supergraph.js";
import { SUPERGRAPH_PATH } from "./subgraphs.js";

writeFileSync(SUPERGRAPH_PATH, composeSupergraph());
console.log(`wrote ${SUPERGRAPH_PATH}`);
