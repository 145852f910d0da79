// Anonymous callers are readers: a write from one is refused here, before any subgraph is
// called, with the answer any request without valid credentials gets (HTTP 401 and a Bearer
// challenge). The subgraphs still check every role themselves; this only keeps the answer
// honest (their refusal would arrive as a partial result with HTTP 200).
import type { ApolloServerPlugin } from "@apollo/server";
import { ANONYMOUS_SUBJECT, credentialsRequired } from "@sentiment/platform";
import type { GatewayContext } from "../subgraph-source.js";

export function anonymousWritesPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === "mutation" && contextValue.identity.subject === ANONYMOUS_SUBJECT) {
            throw credentialsRequired("Writes need credentials: send Authorization: Bearer with an API key or token of the writer role");
          }
        },
      };
    },
  };
}
