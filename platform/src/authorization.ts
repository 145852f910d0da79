// Authorization checks for resolvers (including __resolveReference): @apollo/gateway does not
// enforce @authenticated or @requiresScopes, so every subgraph checks for itself.
import { GraphQLError } from "graphql";
import { ANONYMOUS_SUBJECT, hasRole, type Identity, type Role } from "./roles.js";

export function requireRole(identity: Identity, required: Role): void {
  if (hasRole(identity, required)) return;
  // An anonymous caller can fix this by sending credentials; a known one cannot.
  if (identity.subject === ANONYMOUS_SUBJECT) {
    throw new GraphQLError(`This operation needs credentials with the ${required} role`, { extensions: { code: "UNAUTHENTICATED" } });
  }
  throw new GraphQLError(`This operation needs the ${required} role`, { extensions: { code: "FORBIDDEN" } });
}
