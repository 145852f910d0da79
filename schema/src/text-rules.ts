// Two of the review text rules, shared by the reviews service (which enforces them) and the try-it
// page (which offers feedback only on sentences that pass them): what counts as a number, and
// which characters count towards the minimum length. Pure, and small enough for a page.

// A number in any common spelling: a sign, numeric characters of any script (decimal digits,
// Roman numerals such as Ⅻ, vulgar fractions such as ½, circled and superscript digits) with
// thousand separators (, . _ ' ’ Arabic separators or any space) or fraction slashes (3/4, 1⁄2),
// a decimal part, an exponent. Each character can be consumed by one part only (the
// digit-and-separator run cannot contain "e"), so a failed match backtracks once, not per split
// point: the check is linear in the length of the text.
const NUMBER = /^[+\-\u2212]?(?:\p{N}[\p{N}\p{Zs},._'\u2019\u066B\u066C/\u2044\u2215]*|[.\u066B]\p{N}+)(?:[eE][+\-\u2212]?\p{Nd}+)?$/u;
// What a number check ignores: invisible characters, the braille blank between digits, and
// combining marks put on digits (1́2́3́4́ is still 1234).
const NOT_A_NUMBER_PART = /[\p{Default_Ignorable_Code_Point}\p{Cf}\u2800\p{M}]/gu;
// A character that counts towards the minimum length: one that shows something by itself.
// Blank and invisible characters do not, and neither do combining marks, which only change the
// letter before them (é written as e + U+0301 is one character; four accents alone are none).
const SHOWS_SOMETHING = /[^\p{White_Space}\u2800\p{Default_Ignorable_Code_Point}\p{Cf}\p{M}]/gu;

/** Whether the text, ignoring invisible characters and marks, is a number. Tested as written
 *  (Ⅻ and ½ are numeric characters) and after NFKC (fullwidth digits and signs become ASCII). */
export function looksLikeNumber(text: string): boolean {
  const bare = text.replace(NOT_A_NUMBER_PART, "").trim();
  return NUMBER.test(bare) || NUMBER.test(bare.normalize("NFKC").trim());
}

/** Characters that show something by themselves, up to `atMost` (enough to decide the minimum). */
export function visibleCount(text: string, atMost: number): number {
  SHOWS_SOMETHING.lastIndex = 0;
  let count = 0;
  while (count < atMost && SHOWS_SOMETHING.test(text)) count += 1;
  return count;
}

/** Whether a text passes both rules: at least `min` characters that show something, and more
 *  than a number. The other rules (length, control characters) are the service's alone. */
export function passesTextMinimum(text: string, min: number): boolean {
  return visibleCount(text, min) >= min && !looksLikeNumber(text);
}
