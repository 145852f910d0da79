// Reads a labelled phrase file (TSV: phrase_id, sentence_id, phrase, sentiment, label) and
// refuses anything malformed, naming the file and line.
import { readFileSync } from "node:fs";

export interface LabelledPhrase {
  phraseId: number;
  sentenceId: number;
  text: string;
  label: 0 | 1;
}

export const PHRASE_FILE_HEADER = ["phrase_id", "sentence_id", "phrase", "sentiment", "label"] as const;

export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = "DataFileError";
  }
}

const INTEGER = /^\d+$/;

export function parsePhraseFile(content: string, file: string): LabelledPhrase[] {
  const lines = content.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const header = (lines[0] ?? "").replace(/\r$/, "");
  if (header !== PHRASE_FILE_HEADER.join("\t")) {
    throw new DataFileError(file, 1, `expected the header "${PHRASE_FILE_HEADER.join("\\t")}", found "${header.slice(0, 80)}"`);
  }
  const phrases: LabelledPhrase[] = [];
  const seen = new Set<number>();
  for (let i = 1; i < lines.length; i += 1) {
    const lineNumber = i + 1;
    const fields = (lines[i] as string).replace(/\r$/, "").split("\t");
    if (fields.length !== PHRASE_FILE_HEADER.length) {
      throw new DataFileError(file, lineNumber, `expected ${PHRASE_FILE_HEADER.length} tab-separated fields, found ${fields.length}`);
    }
    const [phraseId, sentenceId, text, sentiment, label] = fields as [string, string, string, string, string];
    if (!INTEGER.test(phraseId)) throw new DataFileError(file, lineNumber, `phrase_id "${phraseId}" is not a whole number`);
    if (!INTEGER.test(sentenceId)) throw new DataFileError(file, lineNumber, `sentence_id "${sentenceId}" is not a whole number`);
    if (text.trim() === "") throw new DataFileError(file, lineNumber, "phrase is empty");
    if (label !== "0" && label !== "1") throw new DataFileError(file, lineNumber, `label must be 0 or 1, found "${label}"`);
    const expectedSentiment = label === "0" ? "0" : "4";
    if (sentiment !== expectedSentiment) {
      throw new DataFileError(file, lineNumber, `sentiment "${sentiment}" does not match label ${label} (expected ${expectedSentiment})`);
    }
    const id = Number(phraseId);
    if (seen.has(id)) throw new DataFileError(file, lineNumber, `phrase_id ${id} appears twice`);
    seen.add(id);
    phrases.push({ phraseId: id, sentenceId: Number(sentenceId), text, label: label === "0" ? 0 : 1 });
  }
  if (phrases.length === 0) throw new DataFileError(file, 1, "the file has no rows");
  return phrases;
}

/** A data file's bytes; a file that cannot be read is a DataFileError naming it, like a bad row. */
export function readDataFileBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new DataFileError(path, 0, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
  }
}

export function readPhraseFile(path: string): { phrases: LabelledPhrase[]; bytes: Buffer } {
  const bytes = readDataFileBytes(path);
  return { phrases: parsePhraseFile(bytes.toString("utf8"), path), bytes };
}
