// What each word of a text does in its sentence: whether a negator reaches it, and whether it
// sits in the weaker clause of a contrast. Each rule splits the words into segments at
// "boundary" words and lets the boundary that opens (or closes) a segment decide for every word
// inside it; the ONNX graph computes the same with a cumulative sum, a scatter and a gather.
import {
  CLAUSE_ENDS, CONTRAST_AFTER, CONTRAST_BEFORE, CONTRAST_YET, CONTRAST_YET_AFTER, EXCLAMATIVE_INTENSIFIERS,
  DIMINISHED_WEIGHT, DIMINISHERS, EXCLAMATIVE_VERBS, INTENSIFIED_WEIGHT, INTENSIFIERS, NEGATION_SCOPE, NEGATORS, STRUCTURAL_WORDS, UNNEGATED_WORDS, PUNCTUATION, SENTENCE_ENDS, SUBORDINATE_WEIGHT,
} from "./text-rules.js";

export interface TokenRoles {
  /** a negator reaches this word (it is not a negator, a breaker or one of UNNEGATED_WORDS) */
  negated: boolean[];
  /** SUBORDINATE_WEIGHT in the weaker clause of a contrast (else 1), times INTENSIFIED_WEIGHT or DIMINISHED_WEIGHT after an intensifier or diminisher */
  weight: number[];
}

const set = (words: readonly string[]): ReadonlySet<string> => new Set(words);
export const NEGATOR_SET = set(NEGATORS);
export const SENTENCE_END_SET = set(SENTENCE_ENDS);
export const CLAUSE_END_SET = set(CLAUSE_ENDS);
export const CONTRAST_BEFORE_SET = set(CONTRAST_BEFORE);
export const CONTRAST_AFTER_SET = set(CONTRAST_AFTER);
export const CONTRAST_YET_AFTER_SET = set(CONTRAST_YET_AFTER);
export const EXCLAMATIVE_VERB_SET = set(EXCLAMATIVE_VERBS);
export const EXCLAMATIVE_INTENSIFIER_SET = set(EXCLAMATIVE_INTENSIFIERS);
export const UNNEGATED_SET = set(UNNEGATED_WORDS);
/** Words that end a negation's scope without being negators: punctuation and contrast words. */
export const NEGATION_BREAKERS: ReadonlySet<string> = new Set([...PUNCTUATION, ...CONTRAST_BEFORE, ...CONTRAST_AFTER, CONTRAST_YET]);

/** Words without features of their own (see STRUCTURAL_WORDS): also every contrast word, intensifier and diminisher. */
export const STRUCTURAL_SET: ReadonlySet<string> = new Set([...STRUCTURAL_WORDS, ...CONTRAST_BEFORE, ...CONTRAST_AFTER, CONTRAST_YET, ...INTENSIFIERS, ...DIMINISHERS]);
export const INTENSIFIER_SET = set(INTENSIFIERS);
export const DIMINISHER_SET = set(DIMINISHERS);

/**
 * For each word: the value of the nearest boundary before it (forward) or after it (backward),
 * if that boundary is at most `reach` words away; boundaries themselves get false.
 */
function segmentValue(boundary: boolean[], value: boolean[], direction: "forward" | "backward", reach = Infinity): boolean[] {
  const out = new Array<boolean>(boundary.length).fill(false);
  let current = false;
  let distance = 0;
  const n = boundary.length;
  for (let k = 0; k < n; k += 1) {
    const t = direction === "forward" ? k : n - 1 - k;
    distance += 1;
    if (boundary[t]) {
      current = value[t] as boolean;
      distance = 0;
    } else out[t] = current && distance <= reach;
  }
  return out;
}

export function tokenRoles(tokens: string[]): TokenRoles {
  const at = (t: number) => tokens[t] ?? "";
  const isNegator = tokens.map((w) => NEGATOR_SET.has(w));
  const exclaims = (t: number) => EXCLAMATIVE_VERB_SET.has(at(t)) && EXCLAMATIVE_INTENSIFIER_SET.has(at(t + 1));
  const opensScope = tokens.map((w, t) => (isNegator[t] as boolean) && !(exclaims(t + 1) || (UNNEGATED_SET.has(at(t + 1)) && exclaims(t + 2))));
  const negationBoundary = tokens.map((w, t) => (isNegator[t] as boolean) || NEGATION_BREAKERS.has(w));
  const negated = segmentValue(negationBoundary, opensScope, "forward", NEGATION_SCOPE).map((n, t) => n && !UNNEGATED_SET.has(at(t)));

  const contrastBefore = tokens.map((w, t) => CONTRAST_BEFORE_SET.has(w) || (w === CONTRAST_YET && CONTRAST_YET_AFTER_SET.has(at(t - 1))));
  const before = segmentValue(tokens.map((w, t) => SENTENCE_END_SET.has(w) || (contrastBefore[t] as boolean)), contrastBefore, "backward");
  const contrastAfter = tokens.map((w) => CONTRAST_AFTER_SET.has(w));
  const after = segmentValue(tokens.map((w, t) => CLAUSE_END_SET.has(w) || (contrastAfter[t] as boolean)), contrastAfter, "forward");
  const strength = (t: number) => (INTENSIFIER_SET.has(at(t - 1)) ? INTENSIFIED_WEIGHT : DIMINISHER_SET.has(at(t - 1)) ? DIMINISHED_WEIGHT : 1);
  return { negated, weight: tokens.map((_, t) => (before[t] || after[t] ? SUBORDINATE_WEIGHT : 1) * strength(t)) };
}
