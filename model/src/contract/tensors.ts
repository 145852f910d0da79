// The names and shapes of the ONNX graph's inputs and outputs: what the training pipeline
// writes and every reader (ML service, benchmarks, tests, other tools) relies on.

/** Input: raw UTF-8 strings, shape [N]. All preprocessing happens inside the graph. */
export const INPUT_TEXT = "text";
/**
 * The graph's string kernels read each text as a C string, so a NUL would end it early; a space
 * of the same length keeps every offset (and the word boundaries) where they are.
 */
export function toModelInput(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", " ") : text;
}

/** int64 [N]: 0 negative, 1 positive (P(positive) > 0.5). */
export const OUTPUT_LABEL = "label";
/** float32 [N, 2]: calibrated (P(negative), P(positive)). */
export const OUTPUT_PROBABILITIES = "probabilities";
/** The column of `probabilities` that holds P(positive). */
export const POSITIVE_COLUMN = 1;
/**
 * float32 [N, W]: per word token of the text (in the order the graph's word pattern finds them,
 * see `wordSpans`), its signed contribution to the calibrated positive log-odds; 0 in padding.
 * Summed with the graph's constant bias they give the logit of P(positive) exactly.
 */
export const OUTPUT_WORD_CONTRIBUTIONS = "word_contributions";

/** The outputs every reader may ask for, in the order the graph declares them. */
export const OUTPUT_NAMES = [OUTPUT_LABEL, OUTPUT_PROBABILITIES, OUTPUT_WORD_CONTRIBUTIONS] as const;

/** A human-readable description of the graph's interface, recorded in the manifest. */
export const IO_DESCRIPTION = {
  input: { [INPUT_TEXT]: "string [N]: raw text, no preprocessing needed" },
  outputs: {
    [OUTPUT_LABEL]: "int64 [N] (0 negative, 1 positive)",
    [OUTPUT_PROBABILITIES]: "float32 [N, 2] (negative, positive), calibrated",
    [OUTPUT_WORD_CONTRIBUTIONS]:
      "float32 [N, W]: contribution of each word token (in text order; W = most tokens in the batch, 0-padded) to the calibrated positive log-odds; sum + bias = logit",
  },
} as const;
