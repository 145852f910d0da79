// Gives a polarity to frequent words that the seed lexicons (Liu, VADER) do not cover, from
// where their embeddings fall relative to the seeds'. Two logistic regressions on unit vectors:
//
// - polarity: positive vs negative seeds;
// - opinion: seeds vs the uncovered words of the same vocabulary. Without it every neutral
//   word (a city, a company, "museum") would be pushed to one side: a model that has only
//   seen opinion words knows no middle.
//
// The uncovered words are not all neutral ("tasty" is in neither lexicon), so the opinion
// model learns P(in a lexicon | vector), which understates P(opinion). Assuming the lexicons
// hold a fixed share c of the opinion words whatever their vectors (Elkan & Noto, "Learning
// classifiers from only positive and unlabeled data", KDD 2008), P(opinion) = P(in a lexicon) / c,
// and c is the opinion model's mean output on seeds it was not fitted on.
//
// A word's score is min(1, P(opinion)) · (2·P(positive) − 1), in [-1, 1].
import type { LexiconRow } from "./lexicon-tsv.js";
import { fitLogistic, probability, type LabelledVector, type LogisticModel } from "./logistic-regression.js";

/** Single lower-case words as the embeddings spell them (GloVe splits "n't" and "'s" off). */
export const CANDIDATE_PATTERN = /^[a-z]+$/;

export interface SeedLabels {
  /** word → true for positive, for words both sources agree on (or only one has) */
  labels: Map<string, boolean>;
  /** words the sources disagree on, or that Liu lists both ways */
  conflicting: string[];
  /** every single word in either source: never a candidate, whether or not it became a seed */
  covered: Set<string>;
}

export interface SeedSources {
  /** Liu rows: word, +1 or -1 (a word may appear once in each list) */
  liu: readonly LexiconRow[];
  /** VADER: word → mean valence in [-4, 4] */
  vader: ReadonlyMap<string, number>;
  /** a VADER word votes only when its mean valence is at least this far from 0 */
  vaderMinimum: number;
  /** words that must never be seeds (negators and the like, which VADER rates) */
  excluded: ReadonlySet<string>;
}

export function seedLabels(sources: SeedSources): SeedLabels {
  const liuSum = new Map<string, number>();
  for (const row of sources.liu) liuSum.set(row.word, (liuSum.get(row.word) ?? 0) + row.value);
  const covered = new Set<string>([...liuSum.keys(), ...sources.vader.keys()]);
  const labels = new Map<string, boolean>();
  const conflicting: string[] = [];
  for (const word of [...covered].sort()) {
    if (!CANDIDATE_PATTERN.test(word) || sources.excluded.has(word)) continue;
    const liu = liuSum.get(word);
    const vader = sources.vader.get(word);
    const votes: number[] = [];
    if (liu !== undefined) votes.push(Math.sign(liu)); // 0 when Liu lists the word both ways
    if (vader !== undefined && Math.abs(vader) >= sources.vaderMinimum) votes.push(Math.sign(vader));
    if (votes.length === 0) continue;
    if (votes.some((vote) => vote === 0) || votes.some((vote) => vote !== votes[0])) {
      conflicting.push(word);
      continue;
    }
    labels.set(word, votes[0]! > 0);
  }
  return { labels, conflicting, covered };
}

/** FNV-1a: a stable hash, so a word stays in its fold when other words come and go. */
export function wordHash(word: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    hash ^= word.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export const FOLDS = 5;

/** The fold a word belongs to; fold 0 is also the held-out fifth used to report accuracy. */
export function foldOf(word: string): number {
  return wordHash(word) % FOLDS;
}

export interface ExpansionSettings {
  l2: number;
  /** keep a candidate when |score| (rounded to 4 decimals) is at least this */
  threshold: number;
}

export interface HeldOutReport {
  /** seeds in fold 0, and the seeds the evaluation models were fitted on */
  heldOutSeeds: number;
  trainingSeeds: number;
  /** sign agreement of the polarity model on every held-out seed */
  polarityAccuracy: number;
  /** the same per class, so a skew to one side shows */
  positiveRecall: number;
  negativeRecall: number;
  /** held-out seeds of the candidates' vocabulary, those whose |score| reaches the threshold, and their sign agreement */
  vocabularySeeds: number;
  keptSeeds: number;
  keptSeedAccuracy: number;
  /** held-out candidates, and the share of them kept */
  heldOutCandidates: number;
  keptCandidateRate: number;
  /** the share c of opinion words the lexicons hold, as estimated on fold 0 */
  lexiconShare: number;
}

export interface ExpansionResult {
  rows: LexiconRow[];
  heldOut: HeldOutReport;
  seedsWithVectors: { positive: number; negative: number };
  candidates: number;
}

interface WordVector {
  word: string;
  vector: Float64Array;
}

interface Seed extends WordVector {
  positive: boolean;
}

/** A fold's opinion model, fitted without the fold, and its estimate of the lexicons' share c. */
interface FoldOpinion {
  fold: number;
  model: LogisticModel;
  lexiconShare: number;
}

export function expandPolarity(input: {
  labels: ReadonlyMap<string, boolean>;
  /** the words to score, all from `vocabulary` */
  candidates: readonly string[];
  /** the vocabulary the candidates come from; seeds outside it do not teach the opinion model */
  vocabulary: ReadonlySet<string>;
  unitVector: (word: string) => Float64Array | undefined;
  settings: ExpansionSettings;
}): ExpansionResult {
  const { settings } = input;
  const seeds: Seed[] = [];
  for (const [word, positive] of input.labels) {
    const vector = input.unitVector(word);
    if (vector) seeds.push({ word, vector, positive });
  }
  const candidates: WordVector[] = [];
  for (const word of input.candidates) {
    const vector = input.unitVector(word);
    if (vector) candidates.push({ word, vector });
  }
  // The opinion model contrasts seeds with candidates of the same frequency range; rarer seeds
  // (misspellings, rare words in Liu's list) would teach it that rarity means opinion.
  const opinionSeeds = seeds.filter((seed) => input.vocabulary.has(seed.word));

  // Every fold's candidates are scored by an opinion model fitted without them (cross-fitting),
  // so a word's own "not in a lexicon" label never decides its score. Fold 0, scored with a
  // polarity model fitted without its seeds too, gives the held-out figures.
  const polarity = fitPolarity(seeds, settings);
  const rows: LexiconRow[] = [];
  let heldOut: HeldOutReport | undefined;
  for (let fold = 0; fold < FOLDS; fold++) {
    const opinion = fitFoldOpinion(fold, opinionSeeds, candidates, settings);
    for (const candidate of candidates) {
      if (foldOf(candidate.word) !== fold) continue;
      const score = combinedScore(opinion, polarity, candidate.vector);
      if (Math.abs(score) >= settings.threshold) rows.push({ word: candidate.word, value: score });
    }
    if (fold === 0) {
      const heldOutPolarity = fitPolarity(seeds.filter((s) => foldOf(s.word) !== 0), settings);
      heldOut = report(opinion, heldOutPolarity, seeds, opinionSeeds, candidates, settings);
    }
  }
  const positive = seeds.filter((s) => s.positive).length;
  return {
    rows,
    heldOut: heldOut!,
    seedsWithVectors: { positive, negative: seeds.length - positive },
    candidates: candidates.length,
  };
}

function fitFoldOpinion(
  fold: number,
  seeds: readonly Seed[],
  candidates: readonly WordVector[],
  settings: ExpansionSettings,
): FoldOpinion {
  const outside = (w: WordVector) => foldOf(w.word) !== fold;
  const model = fitOpinion(seeds.filter(outside), candidates.filter(outside), settings);
  const foldSeeds = seeds.filter((s) => !outside(s));
  const lexiconShare = foldSeeds.reduce((sum, s) => sum + probability(model, s.vector), 0) / foldSeeds.length;
  return { fold, model, lexiconShare };
}

function combinedScore(opinion: FoldOpinion, polarity: LogisticModel, vector: Float64Array): number {
  const pOpinion = Math.min(1, probability(opinion.model, vector) / opinion.lexiconShare);
  return roundScore(pOpinion * (2 * probability(polarity, vector) - 1));
}

function fitPolarity(seeds: readonly Seed[], settings: ExpansionSettings): LogisticModel {
  // Balanced: Liu's lists hold more than twice as many negative words as positive ones, and a
  // word's sign should come from where it lies, not from that ratio.
  return fitLogistic(
    seeds.map((s) => ({ vector: s.vector, label: s.positive })),
    { l2: settings.l2, balanced: true },
  );
}

function fitOpinion(seeds: readonly WordVector[], others: readonly WordVector[], settings: ExpansionSettings): LogisticModel {
  // Not balanced: P(in a lexicon) is what the correction by c needs.
  const examples: LabelledVector[] = [
    ...seeds.map((s) => ({ vector: s.vector, label: true })),
    ...others.map((o) => ({ vector: o.vector, label: false })),
  ];
  return fitLogistic(examples, { l2: settings.l2, balanced: false });
}

function report(
  opinion: FoldOpinion,
  polarity: LogisticModel,
  seeds: readonly Seed[],
  opinionSeeds: readonly Seed[],
  candidates: readonly WordVector[],
  settings: ExpansionSettings,
): HeldOutReport {
  const inFold = (w: WordVector) => foldOf(w.word) === opinion.fold;
  const heldOutSeeds = seeds.filter(inFold);
  const byClass = { positive: { total: 0, right: 0 }, negative: { total: 0, right: 0 } };
  for (const seed of heldOutSeeds) {
    const tally = seed.positive ? byClass.positive : byClass.negative;
    tally.total++;
    if (probability(polarity, seed.vector) > 0.5 === seed.positive) tally.right++;
  }
  const vocabularySeeds = opinionSeeds.filter(inFold);
  let keptSeeds = 0;
  let keptRight = 0;
  for (const seed of vocabularySeeds) {
    const score = combinedScore(opinion, polarity, seed.vector);
    if (Math.abs(score) < settings.threshold) continue;
    keptSeeds++;
    if (score > 0 === seed.positive) keptRight++;
  }
  const heldOutCandidates = candidates.filter(inFold);
  const keptCandidates = heldOutCandidates.filter(
    (c) => Math.abs(combinedScore(opinion, polarity, c.vector)) >= settings.threshold,
  ).length;
  return {
    heldOutSeeds: heldOutSeeds.length,
    trainingSeeds: seeds.length - heldOutSeeds.length,
    polarityAccuracy: ratio(byClass.positive.right + byClass.negative.right, heldOutSeeds.length),
    positiveRecall: ratio(byClass.positive.right, byClass.positive.total),
    negativeRecall: ratio(byClass.negative.right, byClass.negative.total),
    vocabularySeeds: vocabularySeeds.length,
    keptSeeds,
    keptSeedAccuracy: ratio(keptRight, keptSeeds),
    heldOutCandidates: heldOutCandidates.length,
    keptCandidateRate: ratio(keptCandidates, heldOutCandidates.length),
    lexiconShare: roundScore(opinion.lexiconShare),
  };
}

function roundScore(score: number): number {
  return Math.round(score * 10_000) / 10_000;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

/**
 * The words to score: the first `size` alphabetic words of the embeddings' vocabulary (most
 * frequent first), minus words the seed lexicons cover, words shorter than three letters
 * (mostly abbreviations), and the excluded classes (stop words, names, negators...).
 */
export function selectCandidates(input: {
  vocabulary: readonly string[];
  size: number;
  covered: ReadonlySet<string>;
  excluded: ReadonlySet<string>;
}): { candidates: string[]; vocabulary: Set<string> } {
  const vocabulary = new Set<string>();
  const candidates: string[] = [];
  for (const word of input.vocabulary) {
    if (vocabulary.size >= input.size) break;
    if (!CANDIDATE_PATTERN.test(word)) continue;
    vocabulary.add(word);
    if (word.length < 3 || input.covered.has(word) || input.excluded.has(word)) continue;
    candidates.push(word);
  }
  return { candidates, vocabulary };
}
