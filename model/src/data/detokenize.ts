// The reference data is tokenized Treebank-style ("ca n't", "-LRB-", " ."), while users type
// ordinary text ("can't", "(", "."). Training sees both spellings of every phrase so the
// model is at home with either.
const RULES: Array<[RegExp, string]> = [
  [/-LRB-/g, "("],
  [/-RRB-/g, ")"],
  [/-LSB-/g, "["],
  [/-RSB-/g, "]"],
  [/\\\//g, "/"],
  [/\\\*/g, "*"],
  [/``\s*/g, "\""],
  [/\s*''/g, "\""],
  [/\bca n't\b/gi, "can't"],
  [/\bwo n't\b/gi, "won't"],
  [/ n't\b/gi, "n't"],
  [/ '(s|re|ve|ll|d|m)\b/gi, "'$1"],
  [/\( /g, "("],
  [/ \)/g, ")"],
  [/ ([.,!?;:%])/g, "$1"],
  [/ \.\.\./g, "..."],
  [/\s{2,}/g, " "],
];

export function detokenize(text: string): string {
  let result = text;
  for (const [pattern, replacement] of RULES) result = result.replace(pattern, replacement);
  return result.trim();
}
