// A cost limit that counts list sizes: a field costs 1 (a sentiment, which runs the model,
// costs 10) times the size of every list above it, read from `first` and from list arguments
// such as `texts`, literal or variable. Runs after validation, when variables are known;
// variables are coerced as execution will coerce them, so a default value such as
// `$texts: [String!]! = [...]` or `$first: Int = 100` counts like a value sent by the client.
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, Kind, getVariableValues, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode, type ValueNode, type DocumentNode } from "graphql";

// `sentences` and `mixed` each run the text through the model again, sentence by sentence;
// `explanation` reads an output of the text's own run, and is a list of `top` words.
const FIELD_COST: Record<string, number> = { sentiment: 10, sentences: 10, mixed: 10, explanation: 5 };
const DEFAULT_PAGE = 20;
const DEFAULT_TOP = 5;

function argumentValue(value: ValueNode, variables: Record<string, unknown>): unknown {
  if (value.kind === Kind.VARIABLE) return variables[value.name.value];
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.LIST) return value.values;
  return undefined;
}

export function selectionCost(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, variables: Record<string, unknown>, seen = new Set<string>()): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith("__")) continue;
      let multiplier = 1;
      for (const argument of selection.arguments ?? []) {
        const value = argumentValue(argument.value, variables);
        if (argument.name.value === "first") multiplier = typeof value === "number" ? value : DEFAULT_PAGE;
        else if (Array.isArray(value)) multiplier = Math.max(multiplier, value.length);
      }
      if (selection.name.value === "reviews" && !selection.arguments?.some((a) => a.name.value === "first")) multiplier = DEFAULT_PAGE;
      if (selection.name.value === "explanation") {
        const top = selection.arguments?.find((a) => a.name.value === "top");
        const value = top ? argumentValue(top.value, variables) : undefined;
        multiplier = typeof value === "number" ? Math.max(0, value) : DEFAULT_TOP;
      }
      const own = FIELD_COST[selection.name.value] ?? 1;
      const children = selection.selectionSet ? selectionCost(selection.selectionSet, fragments, variables, seen) : 0;
      total += own + multiplier * children;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      total += selectionCost(selection.selectionSet, fragments, variables, seen);
    } else {
      const fragment = fragments[selection.name.value];
      // Validation has already refused fragment cycles; `seen` only guards this walk.
      if (fragment && !seen.has(fragment.name.value)) {
        seen.add(fragment.name.value);
        total += selectionCost(fragment.selectionSet, fragments, variables, seen);
        seen.delete(fragment.name.value);
      }
    }
  }
  return total;
}

/** The cost of one operation of a validated document, with its variables as execution will see
 *  them (defaults applied), or null when the variables do not coerce (execution refuses them). */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, rawVariables: Record<string, unknown>): number | null {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables, { maxErrors: 1 });
  if (coerced.errors) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  return selectionCost(operation.selectionSet, fragments, coerced.coerced);
}

export function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema }) {
          if (!operation) return;
          const cost = operationCost(schema, document, operation, request.variables ?? {});
          if (cost !== null && cost > maxCost) {
            throw new GraphQLError(`This operation costs ${cost}, more than the limit of ${maxCost}; ask for fewer items or fields`, { extensions: { code: "QUERY_TOO_COSTLY", http: { status: 400 } } });
          }
        },
      };
    },
  };
}
