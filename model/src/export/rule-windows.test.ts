import { describe, expect, it } from "vitest";
import {
  CLAUSE_ENDS, CONTRAST_AFTER, CONTRAST_BEFORE, CONTRAST_YET, CONTRAST_YET_AFTER, DIMINISHERS, EXCLAMATIVE_INTENSIFIERS, EXCLAMATIVE_VERBS, INTENSIFIERS, NEGATORS,
  SENTENCE_ENDS, UNNEGATED_WORDS,
} from "../features/text-rules.js";
import { NEGATION_BREAKERS, STRUCTURAL_SET, tokenRoles } from "../features/token-roles.js";
import { seededRandom } from "../training/random.js";
import { classOf, ruleWindows, windowKeys } from "./rule-windows.js";

const windows = ruleWindows();

/** What the graph computes from the tables: window look-ups, then one segment pass per contrast rule. */
function rolesFromWindows(tokens: string[]) {
  const { negation, context } = windows;
  const negationKeys = windowKeys(tokens.map((w) => classOf(negation, w)), negation.count, negation.before, negation.after);
  const contextKeys = windowKeys(tokens.map((w) => classOf(context, w)), context.count, 1, 0);
  /** each word takes the value of the boundary opening its segment (boundaries their own value) */
  const segments = (boundary: number[], value: number[], reverse: boolean) => {
    const out = new Array<number>(tokens.length).fill(0);
    let current = 0;
    for (let k = 0; k < tokens.length; k += 1) {
      const t = reverse ? tokens.length - 1 - k : k;
      if (boundary[t]) current = value[t] as number;
      out[t] = current;
    }
    return out;
  };
  const at = (table: ArrayLike<number>) => contextKeys.map((k) => table[k] as number);
  const before = segments(at(context.beforeBoundary), at(context.beforeValue), true);
  const after = segments(at(context.afterBoundary), at(context.afterValue), false);
  const strength = at(context.strength);
  return {
    negated: negationKeys.map((k) => negation.negated[k] === 1),
    weight: tokens.map((_, t) => (strength[t] as number) * (1 - Math.max(before[t] as number, after[t] as number))),
  };
}

const ruleWords = [
  ...NEGATORS, ...NEGATION_BREAKERS, ...UNNEGATED_WORDS, ...EXCLAMATIVE_VERBS, ...EXCLAMATIVE_INTENSIFIERS, ...CONTRAST_BEFORE, CONTRAST_YET,
  ...CONTRAST_YET_AFTER, ...SENTENCE_ENDS, ...CLAUSE_ENDS, ...CONTRAST_AFTER, ...INTENSIFIERS, ...DIMINISHERS,
];
const plainWords = ["good", "film", "dull", "staff", "works"];

describe("rule windows", () => {
  it("give every word the negation and weight token-roles.ts gives it, on random sequences of rule words", () => {
    const random = seededRandom(17);
    const pick = (words: readonly string[]) => words[Math.floor(random() * words.length)] as string;
    for (let n = 0; n < 3000; n += 1) {
      const length = 1 + Math.floor(random() * 14);
      const tokens = Array.from({ length }, () => (random() < 0.6 ? pick(ruleWords) : pick(plainWords)));
      const expected = tokenRoles(tokens);
      const actual = rolesFromWindows(tokens);
      expect(actual.negated, tokens.join(" ")).toEqual(expected.negated);
      // A structural word's weight is never used (it has no features), so only the others must agree.
      tokens.forEach((w, t) => {
        if (!STRUCTURAL_SET.has(w)) expect(actual.weight[t], `${tokens.join(" ")}: ${w}`).toBeCloseTo(expected.weight[t] as number, 12);
      });
    }
  });

  it("agree with token-roles.ts on negation for every sequence of up to six words, one word of each negation class standing for its class", () => {
    // A word's negation depends only on the classes of the words around it, so one word per
    // class ("have" and "be" share one) makes this exhaustive for sequences of this length.
    const representatives = new Map<number, string>();
    for (const word of ["good", "not", ",", "the", "have", "been", "so", "this"]) {
      const c = classOf(windows.negation, word);
      if (!representatives.has(c)) representatives.set(c, word);
    }
    expect(representatives.size).toBe(windows.negation.count);
    const words = [...representatives.values()];
    let sequences = 0;
    const extend = (prefix: string[]) => {
      if (prefix.length > 0) {
        sequences += 1;
        const expected = tokenRoles(prefix).negated;
        const actual = rolesFromWindows(prefix).negated;
        if (actual.some((n, t) => n !== expected[t])) expect(actual, prefix.join(" ")).toEqual(expected);
      }
      if (prefix.length < 6) for (const word of words) extend([...prefix, word]);
    };
    extend([]);
    expect(sequences).toBe(((words.length ** 7 - 1) / (words.length - 1)) - 1);
  });

  it("reach a negated word four words after its negator and no further", () => {
    expect(rolesFromWindows(["not", "good", "film", "good", "film", "good"]).negated).toEqual([false, true, true, true, true, false]);
  });

  it("keep 'never been so' from negating, as the rules' exclamative exception says", () => {
    expect(rolesFromWindows(["never", "been", "so", "good"]).negated).toEqual([false, false, false, false]);
    expect(rolesFromWindows(["never", "been", "good"]).negated).toEqual([false, false, true]);
    expect(rolesFromWindows(["not", "have", "been", "more", "good"]).negated).toEqual([false, false, false, false, false]);
    expect(rolesFromWindows(["not", "have", "good", "more", "good"]).negated).toEqual([false, false, true, true, true]);
  });

  it("keep the tables small enough for the file: the negation table has under 2^20 entries", () => {
    expect(windows.negation.negated.length).toBeLessThan(2 ** 20);
  });
});
