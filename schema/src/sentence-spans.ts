// Where the sentences of a text are, as UTF-16 offsets into that very text, so that
// `text.slice(start, end)` is the sentence. Boundaries are Unicode's (UAX #29) as ICU implements
// them in Intl.Segmenter; each segment is trimmed of the white space (spaces, CR LF, line and
// paragraph separators) that the segmenter keeps at its end. Shared: the ML service analyses these
// sentences, and the reviews service refuses to store a text of more than the API's limit of them,
// so a stored text can always be analysed in full.

export interface Span {
  start: number;
  end: number;
}

// A fixed locale: sentence rules do not vary by language in ICU's root data, but the default
// locale would come from the host's environment.
const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });
const LEADING_SPACE = /^\s+/u;
const TRAILING_SPACE = /\s+$/u;

/** The sentences of `text` in order; segments that are only white space are left out. */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    const lead = LEADING_SPACE.exec(segment)?.[0].length ?? 0;
    if (lead === segment.length) continue;
    const trail = TRAILING_SPACE.exec(segment)?.[0].length ?? 0;
    spans.push({ start: index + lead, end: index + segment.length - trail });
  }
  return spans;
}
