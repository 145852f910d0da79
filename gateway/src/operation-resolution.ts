// Operations the gateway cannot run, refused as the client's mistake before execution. Apollo
// Server leaves an unresolved operation to the executor and expects errors back, and the
// federation executor throws instead (a 500 "internal" error); the same for a subscription,
// which graphql-js 16's validation lets through although the schema has no Subscription type.
import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type DocumentNode } from "graphql";
import { operationUnresolved, operationUnsupported } from "@sentiment/platform";

/** Why no operation of `document` can be picked with `operationName`. */
export function unresolvedReason(document: DocumentNode, operationName: string | null | undefined): string {
  const names = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? "(anonymous)"] : []));
  if (names.length === 0) return "The document holds no operation: send a query or a mutation";
  if (operationName) return `The document holds no operation named "${operationName}"; it holds ${names.join(", ")}`;
  return `The document holds ${names.length} operations (${names.join(", ")}): set operationName to the one to run`;
}

export function operationResolutionPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!operation) throw operationUnresolved(unresolvedReason(document, request.operationName));
          if (operation.operation === "subscription") throw operationUnsupported("Subscriptions are not supported: this API has queries and mutations only");
        },
      };
    },
  };
}
