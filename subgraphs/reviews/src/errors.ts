// The errors this service returns, each with a stable extensions.code.
import { GraphQLError } from "graphql";

export function badUserInput(message: string, field: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", field } });
}
