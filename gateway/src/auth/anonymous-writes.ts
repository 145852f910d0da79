// Anonymous callers are readers: a write from one is refused here, before any subgraph is
// called, with the answer any request without valid credentials gets (HTTP 401 and a Bearer
// challenge), naming the role the write needs. The subgraphs still check every role
// themselves; this only keeps the answer honest (their refusal would arrive as a partial result
// with HTTP 200).
import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { ANONYMOUS_SUBJECT, credentialsRequired, ROLES, type Role } from "@sentiment/platform";
import type { GatewayContext } from "../subgraph-source.js";

/** The role each mutation needs, as the reviews subgraph checks it (a unit test keeps this
 *  equal to the supergraph's Mutation fields). Feedback is a reader's: it is kept per caller,
 *  which is why an anonymous caller cannot give it. */
export const MUTATION_ROLES: Readonly<Record<string, Role>> = {
  submitReview: "writer",
  submitFeedback: "reader",
  deleteReview: "admin",
  setModelRollout: "admin",
};

/** The root fields a selection set asks for, through inline fragments and fragment spreads. */
function rootFields(selectionSet: SelectionSetNode, document: DocumentNode, seen = new Set<string>()): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, document, seen);
    const name = selection.name.value;
    if (seen.has(name)) return [];
    seen.add(name);
    const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name);
    return fragment && fragment.kind === Kind.FRAGMENT_DEFINITION ? rootFields(fragment.selectionSet, document, seen) : [];
  });
}

/** The highest role the mutation's fields need; a field not listed needs a writer. */
export function roleNeededBy(operation: OperationDefinitionNode, document: DocumentNode): Role {
  const needed = rootFields(operation.selectionSet, document)
    .filter((field) => field !== "__typename")
    .map((field) => MUTATION_ROLES[field] ?? "writer");
  return needed.reduce<Role>((highest, role) => (ROLES.indexOf(role) > ROLES.indexOf(highest) ? role : highest), needed.length === 0 ? "reader" : (needed[0] as Role));
}

export function anonymousWritesPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (operation?.operation === "mutation" && contextValue.identity.subject === ANONYMOUS_SUBJECT) {
            const role = roleNeededBy(operation, document);
            throw credentialsRequired(`Writes need credentials: send Authorization: Bearer with an API key or token of the ${role} role`);
          }
        },
      };
    },
  };
}
