// The README of model/data, written by data:prepare with the files it describes, so its counts
// and digests are always the files' own. The everyday sentences are not data:prepare's to make,
// but it describes them too when they are in the folder, so that no README it writes drops them.
import { createHash } from "node:crypto";
import { EVERYDAY_SENTENCES_FILE } from "./everyday-sentences.js";
import type { PreparedFiles } from "./prepare-data.js";

interface ReadmeFacts {
  sources: Record<string, string>;
  testPercent: number;
  sentenceWords: { min: number; max: number };
  /** the content of the folder's everyday-sentences.tsv, when it has one */
  everyday?: string;
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

function everydaySection(content: string): string {
  const { rows, byKind, byDomain } = tally(content);
  const [neg, pos] = byKind.get("everyday") ?? [0, 0];
  return `
## Everyday sentences written for the project

\`${EVERYDAY_SENTENCES_FILE}\` holds ${count(rows)} short reviews (${count(neg)} negative, ${count(pos)} positive) of the kind
people type into a review box or a message: deliveries, banks, broadband, hotels, flights,
restaurants, takeaways, gadgets, clothes, apps, games, books, clinics, trades, gyms, landlords,
days out and more (${count(byDomain.size)} topics). About a third carry their sentiment in what happened rather than
in an opinion word ("Refund was back on my card the day after they received the return.",
"Waited in all day for a delivery that never turned up."); the rest mix negation both ways,
idioms, contrast with a clear verdict, two-word verdicts and plain opinion. They were written for
this project in twelve parts, each to a brief naming its topics and that mix (the mix chosen from
the kinds of sentence the model of the time got wrong on both splits of
\`model/eval/everyday-*.tsv\`), 180 positive and 180 negative, by writers
who read neither the training data nor any evaluation set. They are kept as written, but for three
steps: normalised as the reviews are; 350 of the 4,320 written left out for coming close to a text
an evaluation set reads (the everyday sentences written apart in \`model/eval/everyday-*.tsv\`, the
behavioural suite's natural sentences, the smoke set: four words in a row in common, or an
overlap of 0.4 or more, shared distinct words over all distinct words of the two; model/eval/everyday.test.ts checks it, and that none is a suite
text); and each text kept once (compared without case and end punctuation), none that is also a
film phrase or a review text. Two readers checked every label: no wrong label, two borderline
texts. Labels are the writers' (clearly pleased or clearly displeased). Group
\`everyday-<topic>\` keeps a topic on one side of the cross-validation's folds; the topics about what
one review domain sells, read wide (books and libraries; films, TV and music; electronics with
their software, set-up and games; kitchen, housewares, bedding, furniture, cleaning and garden:
\`EVERYDAY_TOPIC_DOMAINS\` in
model/src/data/everyday-sentences.ts) are held out with that domain. data:prepare does not make or
change this file; it reads it only to describe it. Licence: the project's own; no third-party text.
`;
}

export function renderDataReadme(prepared: PreparedFiles, facts: ReadmeFacts): string {
  const files = { ...prepared.files, ...(facts.everyday === undefined ? {} : { [EVERYDAY_SENTENCES_FILE]: facts.everyday }) };
  const fileRows = Object.entries(files).map(([name, content]) => {
    const { rows, byKind, byDomain } = tally(content);
    const kinds = [...byKind].map(([kind, [neg, pos]]) => `${kind}: ${count(neg)} neg / ${count(pos)} pos`).join("; ");
    const domains =
      name === EVERYDAY_SENTENCES_FILE
        ? `${count(byDomain.size)} topics (${[...byDomain].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 4).map(([d, n]) => `${d} ${count(n)}`).join(", ")}, …)`
        : [...byDomain].map(([d, n]) => `${d} ${count(n)}`).join(", ");
    return `| ${name} | ${count(rows)} | ${kinds} | ${domains} | ${count(Buffer.byteLength(content))} |`;
  });
  const digests = Object.entries(files).map(([name, content]) => `| ${name} | ${createHash("sha256").update(content).digest("hex")} |`);
  const sources = Object.entries(facts.sources).map(([name, sha]) => `| ${name} | ${sha} |`);
  const everyday = facts.everyday !== undefined;
  return `# Training data

What the model is trained and tested on, as the project keeps it. The film phrases and the reviews
are written by
\`npm run data:prepare -- --phrases <movie-phrases folder> --reviews <multi-domain-reviews folder>\`
(model/src/data/prepare-data.ts) from the published sources below; the same sources give the same
bytes (the digests at the end are checked by tests/model/data-files.test.ts). Do not edit them or
this README by hand.${everyday ? ` The everyday sentences (\`${EVERYDAY_SENTENCES_FILE}\`) are a source of their own, written for the\nproject ([below](#everyday-sentences-written-for-the-project)).` : ""}

## Format

Tab-separated, UTF-8, one header line, no quoting; texts hold no tabs or line breaks.

| column | meaning |
| --- | --- |
| source | \`movie-phrases\`, \`multi-domain-reviews\`${everyday ? " or \`everyday-written\`" : ""} |
| domain | \`film\`, the review's Amazon category (\`books\`, \`dvd\`, \`electronics\`, \`kitchen\`)${everyday ? ", or an everyday sentence's topic (\`delivery\`, \`hotel\`, \`plumber\`, …)" : ""} |
| group | rows that must stay on one side of any split: a film sentence (\`sentence-<id>\`: its phrases overlap), a product (\`<domain>-<asin>\`: all its reviews)${everyday ? " or an everyday topic (\`everyday-<topic>\`)" : ""} |
| kind | \`phrase\` (film phrase), \`title\` (a review's title), \`sentence\` (a sentence of a review's text)${everyday ? ", \`everyday\` (an everyday sentence written for the project)" : ""} |
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
${everyday ? everydaySection(facts.everyday as string) : ""}
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
