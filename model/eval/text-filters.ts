// Deterministic text perturbations that templates apply to a filler or to a whole sentence
// (`{food_pos|typo}`, `{base|upper}`): the robustness tests compare a model's answer on the
// clean sentence with its answer on the perturbed one.

export const FILTERS = ["upper", "lower", "cap", "nopunct", "exclaim", "noapostrophe", "typo", "stretch"] as const;
export type FilterName = (typeof FILTERS)[number];

const VOWEL = /[aeiouy]/i;

/** The longest word of a (possibly multi-word) filler; ties go to the first. */
function longestWordSpan(text: string): [number, number] | undefined {
  let best: [number, number] | undefined;
  for (const match of text.matchAll(/\p{L}+/gu)) {
    const start = match.index;
    const end = start + match[0].length;
    if (!best || end - start > best[1] - best[0]) best = [start, end];
  }
  return best;
}

function onLongestWord(text: string, change: (word: string) => string): string {
  const span = longestWordSpan(text);
  if (!span) return text;
  return text.slice(0, span[0]) + change(text.slice(span[0], span[1])) + text.slice(span[1]);
}

/** Swaps two neighbouring letters near the middle of the word, the commonest typing slip. */
function swapMiddleLetters(word: string): string {
  if (word.length < 3) return word;
  for (let k = Math.max(1, Math.floor(word.length / 2) - 1); k + 1 < word.length; k += 1) {
    if (word[k] !== word[k + 1]) return word.slice(0, k) + word[k + 1] + word[k] + word.slice(k + 2);
  }
  return word;
}

/** Repeats the last vowel that does not end the word ("great" -> "greaaaat", "rude" -> "ruuuude"). */
function stretchVowel(word: string): string {
  for (let k = word.length - 2; k >= 0; k -= 1) {
    const letter = word[k] as string;
    if (VOWEL.test(letter)) return word.slice(0, k + 1) + letter.repeat(3) + word.slice(k + 1);
  }
  const last = word.at(-1) ?? "";
  return word + last.repeat(3);
}

export function applyFilter(name: FilterName, text: string): string {
  switch (name) {
    case "upper":
      return text.toUpperCase();
    case "lower":
      return text.toLowerCase();
    case "cap":
      return text.charAt(0).toUpperCase() + text.slice(1);
    case "nopunct":
      return text.replace(/[.,;:!?]/g, "").replace(/ {2,}/g, " ").trim();
    case "exclaim":
      return text.replace(/[.!?]*$/, "!!!");
    case "noapostrophe":
      return text.replace(/['\u2019]/g, "");
    case "typo":
      return onLongestWord(text, swapMiddleLetters);
    case "stretch":
      return onLongestWord(text, stretchVowel);
  }
}

export function isFilterName(name: string): name is FilterName {
  return (FILTERS as readonly string[]).includes(name);
}
