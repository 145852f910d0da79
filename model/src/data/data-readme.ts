// The README of model/data, written by data:prepare with the files it describes, so its counts
// and digests are always the files' own.
import { createHash } from "node:crypto";
import type { PreparedFiles } from "./prepare-data.js";

interface ReadmeFacts {
  sources: Record<string, string>;
  testPercent: number;
  sentenceWords: { min: number; max: number };
}

const count = (n: number) => n.toLocaleString("en-US");

function tally(content: string): { rows: number; byKind: Map<string, [number, number]>; byDomain: Map<string, number> } {
  const byKind = new Map<string, [number, number]>();
  const byDomain = new Map<string, number>();
  const lines = content.split("\n").slice(1, -1);
  for (const line of lines) {
    const [, domain, , kind, , label] = line.split("\t") as [string, string, string, string, string, string];
    const pair = byKind.get(kind) ?? [0, 0];
    pair[label === "1" ? 1 : 0] += 1;
    byKind.set(kind, pair);
    byDomain.set(domain, (byDomain.get(domain) ?? 0) + 1);
  }
  return { rows: lines.length, byKind, byDomain };
}

export function renderDataReadme(prepared: PreparedFiles, facts: ReadmeFacts): string {
  const fileRows = Object.entries(prepared.files).map(([name, content]) => {
    const { rows, byKind, byDomain } = tally(content);
    const kinds = [...byKind].map(([kind, [neg, pos]]) => `${kind}: ${count(neg)} neg / ${count(pos)} pos`).join("; ");
    const domains = [...byDomain].map(([d, n]) => `${d} ${count(n)}`).join(", ");
    return `| ${name} | ${count(rows)} | ${kinds} | ${domains} | ${count(Buffer.byteLength(content))} |`;
  });
  const digests = Object.entries(prepared.files).map(([name, content]) => `| ${name} | ${createHash("sha256").update(content).digest("hex")} |`);
  const sources = Object.entries(facts.sources).map(([name, sha]) => `| ${name} | ${sha} |`);
  return `# Training data

What the model is trained and tested on, as the project keeps it. Written by
\`npm run data:prepare -- --phrases <movie-phrases folder> --reviews <multi-domain-reviews folder>\`
(model/src/data/prepare-data.ts) from the published sources below; the same sources give the same
bytes (the digests at the end are checked by tests/model/data-files.test.ts). Do not edit by hand.

## Format

Tab-separated, UTF-8, one header line, no quoting; texts hold no tabs or line breaks.

| column | meaning |
| --- | --- |
| source | \`movie-phrases\` or \`multi-domain-reviews\` |
| domain | \`film\`, or the review's Amazon category: \`books\`, \`dvd\`, \`electronics\`, \`kitchen\` |
| group | rows that must stay on one side of any split: a film sentence (\`sentence-<id>\`: its phrases overlap) or a product (\`<domain>-<asin>\`: all its reviews) |
| kind | \`phrase\` (film phrase), \`title\` (a review's title), \`sentence\` (a sentence of a review's text) |
| text | the text |
| label | 0 negative, 1 positive |

## Files

| file | rows | by kind (negative / positive) | by domain | bytes |
| --- | ---: | --- | --- | ---: |
${fileRows.join("\n")}

## How the files are made

- **Film phrases**: every row of the published \`train.tsv\` and \`test.tsv\`, in order, text unchanged
  (Treebank tokenization kept), so figures on \`film-phrases-test.tsv\` stay comparable with earlier ones.
- **Reviews**: each \`.review\` file is read as Windows-1252 (it is not XML: no root element, bare \`&\`),
  HTML entities are decoded, and each review gives its title and the sentences of its text: split at
  line breaks and at \`.\`, \`!\` or \`?\` followed by a capital, a digit or an opening quote
  (abbreviations and initials do not end a sentence). Every text is normalised (NFC, typographic
  quotes and dashes folded, control characters and runs of spaces made one space). Sentences of
  fewer than ${facts.sentenceWords.min} or more than ${facts.sentenceWords.max} words are left out. The label is the file's (positive: 4–5 stars,
  negative: 1–2 stars), so a sentence carries its review's polarity, which not every sentence has.
- **Deduplication**: one copy of each text, compared case-insensitively (the first in the order
  books, dvd, electronics, kitchen; negative file before positive); a text found under both labels
  is dropped everywhere. This run dropped ${count(prepared.dropped.repeated)} repeated and ${count(prepared.dropped.conflicting)} conflicting texts.
- **Split**: a product's rows all go to \`reviews-test.tsv\` when the first four bytes of the sha256
  of its group, read as an unsigned number, modulo 100 are below ${facts.testPercent} (about ${facts.testPercent} % of products);
  otherwise to \`reviews-train.tsv\`. The test files are used for reporting only, never to choose.

## Sources

- **movie-phrases**: the polarized (0 and 4 of 5) phrases of the Kaggle competition "Sentiment
  Analysis on Movie Reviews", built on the Stanford Sentiment Treebank (Rotten Tomatoes reviews),
  in the 80/20 split the project's reference service used. Cite: Richard Socher, Alex Perelygin,
  Jean Wu, Jason Chuang, Christopher D. Manning, Andrew Ng and Christopher Potts. 2013. "Recursive
  Deep Models for Semantic Compositionality Over a Sentiment Treebank." EMNLP 2013; and Bo Pang and
  Lillian Lee. 2005. "Seeing stars: Exploiting class relationships for sentiment categorization with
  respect to rating scales." ACL 2005. Licence: distributed for research by the Treebank's authors
  and on Kaggle under the competition's terms; no open licence is stated.
- **multi-domain-reviews**: the "Multi-Domain Sentiment Dataset" (processed, \`sorted_data_acl\`) of
  Amazon reviews in four categories, 1,000 positive and 1,000 negative per category. Cite: John
  Blitzer, Mark Dredze and Fernando Pereira. 2007. "Biographies, Bollywood, Boom-boxes and
  Blenders: Domain Adaptation for Sentiment Classification." ACL 2007. Licence: distributed by its
  authors for research without a stated licence; the review texts remain their writers'.

Both are recorded in THIRD_PARTY_NOTICES.md. Source files read (sha256; data:prepare refuses any other):

| source file | sha256 |
| --- | --- |
${sources.join("\n")}

## sha256 of the files here

| file | sha256 |
| --- | --- |
${digests.join("\n")}
`;
}
