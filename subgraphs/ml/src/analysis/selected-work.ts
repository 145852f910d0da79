// What a query asks of a Sentiment beyond its label, read from the resolver's field nodes
// before the model runs: the sentences must join the text's own model run, and the word
// contributions must be requested from that run, so neither can wait for its field resolver.
import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

export interface SelectedWork {
  /** `sentences` or `mixed` is selected: each sentence runs through the model too */
  sentences: boolean;
  /** `explanation` is selected: the run returns word contributions */
  explanation: boolean;
}

function collect(selectionSet: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, into: Set<string>, seen: Set<string>): void {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) into.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet, fragments, into, seen);
    else if (!seen.has(selection.name.value)) {
      // Validation has refused fragment cycles; `seen` only keeps this walk from repeating work.
      seen.add(selection.name.value);
      collect(fragments[selection.name.value]?.selectionSet, fragments, into, seen);
    }
  }
}

/**
 * Which optional parts of the Sentiment this field's selection asks for (aliases, fragments and
 * repeated fields included). `@skip` and `@include` are not evaluated: a skipped field can only
 * cost work, never change an answer.
 */
export function selectedWork(info: Pick<GraphQLResolveInfo, "fieldNodes" | "fragments">): SelectedWork {
  const known = byFieldNodes.get(info.fieldNodes);
  if (known) return known;
  const fields = new Set<string>();
  const seen = new Set<string>();
  for (const node of info.fieldNodes) collect(node.selectionSet, info.fragments, fields, seen);
  const work = { sentences: fields.has("sentences") || fields.has("mixed"), explanation: fields.has("explanation") };
  byFieldNodes.set(info.fieldNodes, work);
  return work;
}

/**
 * graphql-js hands every entity of one list the same fieldNodes array (it memoizes sub-field
 * collection per response path shape), so a page of 100 reviews walks its selection once. The
 * array belongs to one parsed document, with its fragments, so it is a sound key; a WeakMap lets
 * it go with the document.
 */
const byFieldNodes = new WeakMap<GraphQLResolveInfo["fieldNodes"], SelectedWork>();
