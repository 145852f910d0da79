// `npm run data:prepare -- --phrases DIR --reviews DIR [--out DIR]`: writes the training data
// (model/data) and its README from the two published sources. Both source folders must be
// named: the data never depends on a folder that happens to sit beside the repository.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DataFileError } from "../data/phrase-file.js";
import { prepareDataFiles, REVIEW_TEST_PERCENT, SENTENCE_WORDS, SOURCE_SHA256 } from "../data/prepare-data.js";
import { renderDataReadme } from "../data/data-readme.js";
import { EVERYDAY_SENTENCES_FILE } from "../data/everyday-sentences.js";

const modelDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { values } = parseArgs({
  options: {
    phrases: { type: "string" },
    reviews: { type: "string" },
    out: { type: "string", default: join(modelDir, "data") },
  },
});

if (values.phrases === undefined || values.reviews === undefined) {
  console.error("usage: npm run data:prepare -- --phrases <movie-phrases folder> --reviews <multi-domain-reviews folder> [--out DIR]");
  process.exit(2);
}
try {
  const prepared = prepareDataFiles({ phrases: values.phrases, reviews: values.reviews });
  const out = values.out as string;
  mkdirSync(out, { recursive: true });
  for (const [name, content] of Object.entries(prepared.files)) {
    writeFileSync(join(out, name), content);
    console.log(`${name}: ${content.split("\n").length - 2} rows, sha256 ${createHash("sha256").update(content).digest("hex")}`);
  }
  const everydayPath = join(out, EVERYDAY_SENTENCES_FILE);
  const everyday = existsSync(everydayPath) ? readFileSync(everydayPath, "utf8") : undefined;
  writeFileSync(join(out, "README.md"), renderDataReadme(prepared, { sources: SOURCE_SHA256, testPercent: REVIEW_TEST_PERCENT, sentenceWords: SENTENCE_WORDS, everyday }));
  console.log(`dropped ${prepared.dropped.repeated} repeated and ${prepared.dropped.conflicting} conflicting review texts; wrote ${join(out, "README.md")}`);
} catch (error) {
  if (error instanceof DataFileError) {
    console.error(`data:prepare stopped: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
