// graphql-js stops validating a document whose repeated selections would take too long to check
// against each other (OverlappingFieldsCanBeMerged's complexity budget: about 700 copies of one
// field) or whose fragments are spread too often (the fragment-work budget), and says only
// "Validation aborted.". The caller can act on what causes either.
import type { GraphQLFormattedError } from "graphql";

const ABORTED = "Validation aborted.";

export const VALIDATION_ABORTED_MESSAGE =
  "The document repeats the same selections or fragment spreads too many times to be checked: ask for each field once and spread each fragment once";

export function explainAbortedValidation(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.message !== ABORTED || formatted.extensions?.code !== "GRAPHQL_VALIDATION_FAILED") return formatted;
  return { ...formatted, message: VALIDATION_ABORTED_MESSAGE };
}
