// The training data as the project keeps it (model/data/*.tsv): one labelled text per line with
// where it came from. Tab-separated, one header line, no quoting; texts hold no tabs or newlines.
import { DataFileError, readDataFileBytes } from "./phrase-file.js";

export const CORPUS_HEADER = ["source", "domain", "group", "kind", "text", "label"] as const;
export const KINDS = ["phrase", "title", "sentence", "everyday"] as const;
export type Kind = (typeof KINDS)[number];

export interface CorpusRow {
  source: string;
  domain: string;
  /** rows of one group (a film sentence, a product's reviews, an everyday topic) stay together in every split */
  group: string;
  kind: Kind;
  text: string;
  label: 0 | 1;
}

/** A review's title or sentence: labelled by its review's stars, and about one review domain. */
export const isReviewRow = (row: Pick<CorpusRow, "kind">): boolean => row.kind === "title" || row.kind === "sentence";

const KIND_SET: ReadonlySet<string> = new Set(KINDS);
const NAME = /^[a-z0-9][a-z0-9-]*$/;

export function formatCorpus(rows: CorpusRow[]): string {
  const lines = rows.map((r) => {
    if (/[\t\n\r]/.test(r.text)) throw new Error(`a text holds a tab or a line break: ${JSON.stringify(r.text.slice(0, 60))}`);
    return [r.source, r.domain, r.group, r.kind, r.text, r.label].join("\t");
  });
  return `${CORPUS_HEADER.join("\t")}\n${lines.join("\n")}\n`;
}

export function parseCorpus(content: string, file: string): CorpusRow[] {
  const lines = content.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const header = (lines[0] ?? "").replace(/\r$/, "");
  if (header !== CORPUS_HEADER.join("\t")) throw new DataFileError(file, 1, `expected the header "${CORPUS_HEADER.join("\\t")}", found "${header.slice(0, 80)}"`);
  const rows: CorpusRow[] = [];
  for (let i = 1; i < lines.length; i += 1) {
    const lineNumber = i + 1;
    const fields = (lines[i] as string).replace(/\r$/, "").split("\t");
    if (fields.length !== CORPUS_HEADER.length) throw new DataFileError(file, lineNumber, `expected ${CORPUS_HEADER.length} tab-separated fields, found ${fields.length}`);
    const [source, domain, group, kind, text, label] = fields as [string, string, string, string, string, string];
    if (!NAME.test(source)) throw new DataFileError(file, lineNumber, `source "${source}" is not a lower-case name`);
    if (!NAME.test(domain)) throw new DataFileError(file, lineNumber, `domain "${domain}" is not a lower-case name`);
    if (group === "") throw new DataFileError(file, lineNumber, "group is empty");
    if (!KIND_SET.has(kind)) throw new DataFileError(file, lineNumber, `kind must be one of ${KINDS.join(", ")}, found "${kind}"`);
    if (text.trim() === "") throw new DataFileError(file, lineNumber, "text is empty");
    if (label !== "0" && label !== "1") throw new DataFileError(file, lineNumber, `label must be 0 or 1, found "${label}"`);
    rows.push({ source, domain, group, kind: kind as Kind, text, label: label === "0" ? 0 : 1 });
  }
  if (rows.length === 0) throw new DataFileError(file, 1, "the file has no rows");
  return rows;
}

export function readCorpusFile(path: string): { rows: CorpusRow[]; bytes: Buffer } {
  const bytes = readDataFileBytes(path);
  return { rows: parseCorpus(bytes.toString("utf8"), path), bytes };
}
