// Authorization checks for resolvers (including __resolveReference): @apollo/gateway does not
// enforce @authenticated or @requiresScopes, so every subgraph checks for itself.
import { forbidden, unauthenticated } from "../errors/factories.js";
import { ANONYMOUS_SUBJECT, hasRole, type Identity, type Role } from "./roles.js";

export function requireRole(identity: Identity, required: Role): void {
  if (hasRole(identity, required)) return;
  // An anonymous caller can fix this by sending credentials; a known one cannot.
  if (identity.subject === ANONYMOUS_SUBJECT) {
    throw unauthenticated(`This operation needs credentials with the ${required} role`);
  }
  throw forbidden(required);
}
