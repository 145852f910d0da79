// What an operation costs, from the SDL's @cost and @listSize (see cost-rules.ts), before it runs.
// Written here rather than taken from npm: the cost libraries for graphql-js read their own
// directives or a table of field costs, and none reads federation's @cost/@listSize from a supergraph.
//
// A field costs its weight (1 without @cost) plus the cost of its selection times the size of the
// list it returns:
// - @listSize(slicingArguments:): the value of the slicing argument, else its schema default,
//   else assumedSize;
// - a list field taking a list argument (analyzeReviews(texts:)) answers one item per element:
//   the longest list argument (the spec has no directive for this, and the length is known);
// - else @listSize(assumedSize:), else 1.
// With @listSize(sizedFields:) the size applies to those fields of the selection instead.
// Unlike the spec's defaults, scalar fields cost 1 too and a list's size multiplies only its
// selection, not its own weight: a field is a unit of work for the subgraphs here.
// Arguments and variables are read as execution will read them (defaults applied, variables
// coerced), so a default value counts like a value the client sent. Sums and products stop at
// Number.MAX_SAFE_INTEGER, so nested lists of the largest Int sizes still give a number to compare.
import {
  GraphQLError,
  Kind,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { CostRules, FieldCostRule } from "./cost-rules.js";

interface Walk {
  schema: GraphQLSchema;
  rules: CostRules;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** fragments being expanded on the current path */
  expanding: Set<string>;
}

/** The size @listSize(sizedFields:) hands to fields of the selection it sizes. */
interface Sized {
  fields: ReadonlySet<string>;
  size: number;
}

const MOST = Number.MAX_SAFE_INTEGER;
const add = (a: number, b: number) => Math.min(a + b, MOST);
const times = (size: number, cost: number) => (size === 0 || cost === 0 ? 0 : Math.min(size * cost, MOST));

/** Execution would refuse these arguments; the cost has no opinion on them. */
class RefusedArguments extends Error {}

function argumentsOf(field: GraphQLField<unknown, unknown>, node: FieldNode, walk: Walk): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, walk.variables);
  } catch (error) {
    if (error instanceof GraphQLError) throw new RefusedArguments(error.message);
    throw error;
  }
}

/** How many of the field's items its selection is counted for. */
export function listSize(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>, rule: FieldCostRule | undefined): number {
  const declared = rule?.listSize;
  const sliced = (declared?.slicingArguments ?? []).map((name) => args[name]).filter((v): v is number => typeof v === "number");
  if (sliced.length > 0) return Math.max(0, ...sliced);
  const lengths = Object.values(args).flatMap((v) => (Array.isArray(v) ? [v.length] : []));
  if (lengths.length > 0 && isListType(getNullableType(field.type))) return Math.max(...lengths);
  return declared?.assumedSize ?? 1;
}

function selectionSetCost(selectionSet: SelectionSetNode, parent: GraphQLCompositeType, walk: Walk, sized: Sized | undefined): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      total = add(total, fieldCost(selection, parent, walk, sized));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      total = add(total, selectionSetCost(selection.selectionSet, narrowed(selection.typeCondition?.name.value, parent, walk), walk, sized));
    } else {
      const fragment = walk.fragments.get(selection.name.value);
      // Validation has already refused fragment cycles; `expanding` only guards this walk.
      if (fragment && !walk.expanding.has(fragment.name.value)) {
        walk.expanding.add(fragment.name.value);
        total = add(total, selectionSetCost(fragment.selectionSet, narrowed(fragment.typeCondition.name.value, parent, walk), walk, sized));
        walk.expanding.delete(fragment.name.value);
      }
    }
  }
  return total;
}

function narrowed(typeName: string | undefined, parent: GraphQLCompositeType, walk: Walk): GraphQLCompositeType {
  const type = typeName === undefined ? undefined : walk.schema.getType(typeName);
  return type && isCompositeType(type) ? type : parent;
}

function fieldCost(node: FieldNode, parent: GraphQLCompositeType, walk: Walk, sized: Sized | undefined): number {
  const name = node.name.value;
  if (name.startsWith("__")) return 0;
  const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  // Validation refuses unknown fields before this runs; count one unit rather than guess further.
  if (!field) return 1;
  const rule = walk.rules.get(`${parent.name}.${name}`);
  const own = rule?.weight ?? 1;
  if (!node.selectionSet) return own;
  const childType = getNamedType(field.type);
  if (!isCompositeType(childType)) return own;
  const size = sized?.fields.has(name) ? sized.size : listSize(field, argumentsOf(field, node, walk), rule);
  const sizedFields = rule?.listSize?.sizedFields ?? [];
  const children = sizedFields.length > 0
    ? selectionSetCost(node.selectionSet, childType, walk, { fields: new Set(sizedFields), size })
    : times(size, selectionSetCost(node.selectionSet, childType, walk, undefined));
  return add(own, children);
}

/** The cost of one operation of a validated document, with its variables as execution will see
 *  them (defaults applied), or null when the variables or arguments do not coerce (execution
 *  refuses them). */
export function operationCost(schema: GraphQLSchema, rules: CostRules, document: DocumentNode, operation: OperationDefinitionNode, rawVariables: Record<string, unknown>): number | null {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables, { maxErrors: 1 });
  if (coerced.errors) return null;
  const root = schema.getRootType(operation.operation);
  if (!root) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  try {
    return selectionSetCost(operation.selectionSet, root, { schema, rules, fragments, variables: coerced.coerced, expanding: new Set() }, undefined);
  } catch (error) {
    if (error instanceof RefusedArguments) return null;
    throw error;
  }
}
