// The character classes the character n-grams are built over. Letters keep their identity
// (accents folded to the base letter), digits collapse into one class, common punctuation
// keeps its own class, and everything else (emoji, symbols, other scripts) is one class.
import { BEGIN_MARK, END_MARK } from "./text-rules.js";

const OTHER = 1;

function buildAlphabet(): Map<string, number> {
  const classes = new Map<string, number>();
  let next = OTHER + 1;
  const add = (keys: string[]) => {
    for (const key of keys) classes.set(key, next);
    next += 1;
  };
  add([BEGIN_MARK]);
  add([END_MARK]);
  add([" ", "\t", "\n", "\r", "\f", "\u00a0"]);
  const accents: Record<string, string> = {
    a: "àáâãäå", c: "ç", e: "èéêë", i: "ìíîï", n: "ñ", o: "òóôõöø", u: "ùúûü", y: "ýÿ",
  };
  for (let code = 97; code <= 122; code += 1) {
    const letter = String.fromCharCode(code);
    add([letter, ...Array.from(accents[letter] ?? "")]);
  }
  add(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  add(["'", "\u2019", "`"]);
  add(["\"", "\u201c", "\u201d"]);
  for (const mark of ["!", "?", ".", ",", "-", ":", ";", "(", ")", "/", "&", "*"]) add([mark]);
  add(["\u2026"]);
  return classes;
}

/** Character token → class id (1 = any other character). Ids start at 1 so n-gram keys never collide. */
export const CHAR_CLASSES: ReadonlyMap<string, number> = buildAlphabet();
export const OTHER_CHAR_CLASS = OTHER;
/** The radix of n-gram keys: one more than the largest class id. */
export const CHAR_RADIX = Math.max(...CHAR_CLASSES.values()) + 1;

export function charClass(token: string): number {
  return CHAR_CLASSES.get(token) ?? OTHER;
}
