// The errors this service returns beyond the shared ones: each is made by a factory of
// @sentiment/platform (its errors/ module), so its code and shape are the same in every service.
import { serviceUnavailable } from "@sentiment/platform";
import type { GraphQLError } from "graphql";

export { badUserInput, idempotencyKeyReused } from "@sentiment/platform";

/** The database cannot be reached; the client may retry shortly. */
export function storeUnavailable(): GraphQLError {
  return serviceUnavailable("reviews", "The reviews service cannot reach its database; retry shortly");
}
