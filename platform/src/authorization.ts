// Authorization checks for resolvers (including __resolveReference): @apollo/gateway does not
// enforce @authenticated or @requiresScopes, so every subgraph checks for itself.
import { GraphQLError } from "graphql";
import { hasRole, type Identity, type Role } from "./roles.js";

export function requireRole(identity: Identity, required: Role): void {
  if (!hasRole(identity, required)) {
    throw new GraphQLError(`This operation needs the ${required} role`, { extensions: { code: "FORBIDDEN" } });
  }
}
