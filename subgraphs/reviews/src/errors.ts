// The errors this service returns, each with a stable extensions.code.
import { GraphQLError } from "graphql";

export function badUserInput(message: string, field: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", field } });
}

/** The database cannot be reached; the client may retry shortly. */
export function storeUnavailable(): GraphQLError {
  return new GraphQLError("The reviews service cannot reach its database; retry shortly", { extensions: { code: "SERVICE_UNAVAILABLE", service: "reviews" } });
}
