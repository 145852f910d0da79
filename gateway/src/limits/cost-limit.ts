// The cost limit: refuses an operation whose cost is over MAX_COST. What things cost is the
// schema's to say (@cost and @listSize in the supergraph, read by @sentiment/schema), so a new
// field needs no change here. Runs after validation, when variables are known.
import type { ApolloServerPlugin } from "@apollo/server";
import { costRulesOf, operationCost, type CostRules } from "@sentiment/schema";
import { queryTooCostly } from "@sentiment/platform";

export function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  let rules: CostRules | undefined;
  return {
    async serverWillStart() {
      return {
        // With a gateway, Apollo Server hands over the supergraph once it is loaded; the table is
        // read then, once, and a malformed rule stops the start-up instead of a request.
        schemaDidLoadOrUpdate({ coreSupergraphSdl }) {
          if (coreSupergraphSdl === undefined) throw new Error("the cost limit reads @cost and @listSize from a supergraph, and this server has none");
          rules = costRulesOf(coreSupergraphSdl);
        },
      };
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema }) {
          if (!operation) return;
          if (!rules) throw new Error("the cost limit has no cost rules: the supergraph has not been loaded");
          const cost = operationCost(schema, rules, document, operation, request.variables ?? {});
          if (cost !== null && cost > maxCost) {
            throw queryTooCostly(cost, maxCost);
          }
        },
      };
    },
  };
}
