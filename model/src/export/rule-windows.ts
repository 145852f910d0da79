// token-roles.ts's rules as look-up tables over small windows of words, for the ONNX graph.
// Each word gets a class in two small alphabets (one per rule family); a window's classes,
// read as the digits of one number, index a table that holds the rule's answer for the word at
// the window's centre. The graph computes every window's number with one Conv over the classes,
// so the whole negation rule (scope, reach, breakers, the exclamative exception) and every
// neighbour-dependent part of the contrast and intensity rules cost a few nodes whatever the
// number of words. Only the unbounded part, how far a contrast reaches, stays a segment rule.
import {
  CLAUSE_ENDS, CONTRAST_AFTER, CONTRAST_BEFORE, CONTRAST_YET, CONTRAST_YET_AFTER, DIMINISHED_WEIGHT, DIMINISHERS, EXCLAMATIVE_INTENSIFIERS, EXCLAMATIVE_VERBS,
  INTENSIFIED_WEIGHT, INTENSIFIERS, NEGATION_SCOPE, NEGATORS, PAD_TOKEN, SENTENCE_ENDS, SUBORDINATE_WEIGHT, UNNEGATED_WORDS,
} from "../features/text-rules.js";
import { NEGATION_BREAKERS, STRUCTURAL_SET } from "../features/token-roles.js";

/** A rule family's alphabet: every word's class (0 for a word no rule names, and beyond the text's ends). */
export interface WordClasses {
  /** the words with a class other than 0 */
  classes: Map<string, number>;
  /** how many classes there are (the radix of a window's number) */
  count: number;
}

export interface RuleWindows {
  /**
   * Negation: the window is the 4 words before a word, the word, and the one after it (an
   * exclamative "not been so" needs two words after the negator, "not have been so" three). negated[key] is 1 when a
   * negator reaches the centre word.
   */
  negation: WordClasses & { before: number; after: number; negated: Uint8Array };
  /**
   * Context: the window is the word before and the word. Tables by key = class(previous) *
   * count + class(word): what the contrast rules' segments start from and the intensity factor.
   */
  context: WordClasses & {
    /** 1 where the word is a boundary of the "before" segments (a sentence end or a contrast-before word), read backwards */
    beforeBoundary: Uint8Array;
    /** 1 - SUBORDINATE_WEIGHT where the word opens a weaker clause before it ("but", ", yet") */
    beforeValue: Float64Array;
    /** 1 where the word is a boundary of the "after" segments (a clause end or a contrast-after word) */
    afterBoundary: Uint8Array;
    /** 1 - SUBORDINATE_WEIGHT where the word opens a weaker clause after it ("although") */
    afterValue: Float64Array;
    /** INTENSIFIED_WEIGHT or DIMINISHED_WEIGHT after an intensifier or a diminisher, else 1 */
    strength: Float64Array;
    /** 0 for the padding word, 1 for every word of the text */
    isWord: Uint8Array;
  };
}

/** Classes for the distinct combinations of `flags` the given words have; the combination of no flag is class 0. */
function classify(words: Iterable<string>, flags: Array<ReadonlySet<string>>): { classes: Map<string, number>; count: number; members: boolean[][] } {
  const signature = (word: string) => flags.map((f) => (f.has(word) ? "1" : "0")).join("");
  const none = "0".repeat(flags.length);
  const signatures = [none, ...[...new Set([...words].map(signature))].filter((s) => s !== none).sort()];
  const index = new Map(signatures.map((s, i) => [s, i]));
  const classes = new Map<string, number>();
  for (const word of words) {
    const c = index.get(signature(word)) as number;
    if (c !== 0) classes.set(word, c);
  }
  return { classes, count: signatures.length, members: signatures.map((s) => [...s].map((bit) => bit === "1")) };
}

function negationWindows(): RuleWindows["negation"] {
  const negators = new Set<string>(NEGATORS);
  const boundaries = new Set<string>([...NEGATORS, ...NEGATION_BREAKERS]);
  // Words a negator cannot reach: boundaries and UNNEGATED_WORDS. Class 0 (any other word) can be reached.
  const unreachable = new Set<string>([...boundaries, ...UNNEGATED_WORDS]);
  const verbs = new Set<string>(EXCLAMATIVE_VERBS);
  const intensifiers = new Set<string>(EXCLAMATIVE_INTENSIFIERS);
  const flags = [negators, boundaries, unreachable, verbs, intensifiers];
  const { classes, count, members } = classify([...negators, ...boundaries, ...unreachable, ...verbs, ...intensifiers], flags);
  const has = (c: number, flag: number) => (members[c] as boolean[])[flag] as boolean;
  const before = NEGATION_SCOPE;
  const after = 1;
  const width = before + 1 + after;
  const negated = new Uint8Array(count ** width);
  const window = new Array<number>(width).fill(0);
  for (let key = 0; key < negated.length; key += 1) {
    let rest = key;
    for (let j = width - 1; j >= 0; j -= 1) {
      window[j] = rest % count;
      rest = Math.floor(rest / count);
    }
    // Beyond the window's end reads as class 0: only "negator, function word, been, so" with the
    // negator just before the centre reaches past it, and then the centre is the function word,
    // which no negator reaches anyway.
    const at = (j: number) => window[j] ?? 0;
    // A negator opens a scope unless "been" or "be" and an intensifier follow it, directly or
    // after one function word (unreachable, and not a boundary).
    const exclaims = (j: number) => has(at(j), 3) && has(at(j + 1), 4);
    const opens = (j: number) => has(at(j), 0) && !(exclaims(j + 1) || (has(at(j + 1), 2) && !has(at(j + 1), 1) && exclaims(j + 2)));
    let reached = false;
    // The nearest boundary before the word decides, if it is at most NEGATION_SCOPE words away.
    for (let j = before - 1; j >= 0; j -= 1) {
      if (has(at(j), 1)) {
        reached = opens(j);
        break;
      }
    }
    negated[key] = reached && !has(at(before), 2) ? 1 : 0;
  }
  return { classes, count, before, after, negated };
}

function contextWindows(): RuleWindows["context"] {
  const contrastBefore = new Set<string>(CONTRAST_BEFORE);
  const yet = new Set<string>([CONTRAST_YET]);
  const yetAfter = new Set<string>(CONTRAST_YET_AFTER);
  const sentenceEnds = new Set<string>(SENTENCE_ENDS);
  const clauseEnds = new Set<string>(CLAUSE_ENDS);
  const contrastAfter = new Set<string>(CONTRAST_AFTER);
  const intensifiers = new Set<string>(INTENSIFIERS);
  const diminishers = new Set<string>(DIMINISHERS);
  const padding = new Set<string>([PAD_TOKEN]);
  // A boundary's own weight is never used only because every contrast word is structural (no
  // features of its own): the graph leaves boundaries their segment's value instead of zeroing them.
  for (const word of [...contrastBefore, ...yet, ...contrastAfter]) {
    if (!STRUCTURAL_SET.has(word)) throw new Error(`contrast word "${word}" must be structural`);
  }
  for (const word of intensifiers) if (diminishers.has(word)) throw new Error(`"${word}" is both an intensifier and a diminisher`);
  const flags = [contrastBefore, yet, yetAfter, sentenceEnds, clauseEnds, contrastAfter, intensifiers, diminishers, padding];
  const { classes, count, members } = classify(flags.flatMap((f) => [...f]), flags);
  const has = (c: number, flag: number) => (members[c] as boolean[])[flag] as boolean;
  const size = count * count;
  const tables = {
    beforeBoundary: new Uint8Array(size),
    beforeValue: new Float64Array(size),
    afterBoundary: new Uint8Array(size),
    afterValue: new Float64Array(size),
    strength: new Float64Array(size),
    isWord: new Uint8Array(size),
  };
  for (let previous = 0; previous < count; previous += 1) {
    for (let word = 0; word < count; word += 1) {
      const key = previous * count + word;
      const opensBefore = has(word, 0) || (has(word, 1) && has(previous, 2));
      tables.beforeBoundary[key] = has(word, 3) || opensBefore ? 1 : 0;
      tables.beforeValue[key] = opensBefore ? 1 - SUBORDINATE_WEIGHT : 0;
      tables.afterBoundary[key] = has(word, 4) || has(word, 5) ? 1 : 0;
      tables.afterValue[key] = has(word, 5) ? 1 - SUBORDINATE_WEIGHT : 0;
      tables.strength[key] = has(previous, 6) ? INTENSIFIED_WEIGHT : has(previous, 7) ? DIMINISHED_WEIGHT : 1;
      tables.isWord[key] = has(word, 8) ? 0 : 1;
    }
  }
  return { classes, count, ...tables };
}

export function ruleWindows(): RuleWindows {
  return { negation: negationWindows(), context: contextWindows() };
}

/** The class of a word in an alphabet (0 for words no rule of it names). */
export function classOf(alphabet: WordClasses, word: string): number {
  return alphabet.classes.get(word) ?? 0;
}

/**
 * The window numbers of a sequence of classes, as the graph's Conv computes them: positions
 * beyond either end count as class 0.
 */
export function windowKeys(classes: number[], count: number, before: number, after: number): number[] {
  return classes.map((_, t) => {
    let key = 0;
    for (let j = t - before; j <= t + after; j += 1) key = key * count + (classes[j] ?? 0);
    return key;
  });
}
