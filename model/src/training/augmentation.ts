// Everyday-language training sentences built from templates. The movie phrases rarely show a
// negated complaint ("not bad"), a negated comparative ("could not have been nicer"), or a
// contrast between two clauses about different things, and never the vocabulary of shops,
// hotels, restaurants or apps; a few thousand generated sentences teach the negation, contrast
// and lexicon features what those constructions do. The templates and word lists here are
// written for training only: the behavioural suite in model/eval/ uses its own.
import { shuffled } from "./random.js";

export interface Sentence {
  text: string;
  label: 0 | 1;
}

const POSITIVE = [
  "great", "excellent", "good", "wonderful", "amazing", "fantastic", "friendly", "helpful", "clean", "comfortable",
  "delicious", "fresh", "fast", "reliable", "perfect", "lovely", "pleasant", "impressive", "enjoyable", "tasty",
  "cozy", "intuitive", "sturdy", "generous", "attentive", "responsive", "spacious", "quiet", "smooth", "charming",
];
const NEGATIVE = [
  "bad", "terrible", "awful", "horrible", "poor", "rude", "dirty", "slow", "bland", "stale",
  "broken", "useless", "disappointing", "noisy", "cramped", "overpriced", "buggy", "unreliable", "boring", "cold",
  "greasy", "flimsy", "confusing", "unhelpful", "mediocre", "sloppy", "laggy", "filthy", "soggy", "clumsy",
];
const SUBJECTS = [
  "the food", "the service", "the room", "the staff", "the app", "the battery", "the hotel", "the film", "the product",
  "the waiter", "the delivery", "the screen", "the plot", "the checkout", "the support team", "this phone", "this laptop",
  "the bed", "the update", "the pizza", "the receptionist", "the installation", "the sound", "the keyboard", "the coffee",
];
const COPULAS = ["was", "is", "seemed", "felt"];
const NEGATED_COPULAS = ["wasn't", "isn't", "was not", "is not", "didn't seem", "did not feel"];
const BETTER = ["better", "nicer", "friendlier", "easier", "faster", "cleaner", "tastier", "smoother", "happier", "kinder"];
const WORSE = ["worse", "ruder", "slower", "dirtier", "noisier", "harder", "colder", "messier"];
/** Verbs of liking and disliking: negated, they flip ("did not like it"). */
const LIKING: Array<[string, string]> = [
  ["like", "liked"], ["love", "loved"], ["enjoy", "enjoyed"], ["recommend", "recommended"], ["trust", "trusted"], ["appreciate", "appreciated"],
];
const DISLIKING: Array<[string, string | null]> = [["hate", "hated"], ["regret", "regretted"], ["dislike", "disliked"], ["mind", null]];
const PEOPLE = ["I", "We", "My wife", "My kids", "Our guests", "My partner"];
const DID_NOT = ["did not", "didn't", "do not", "don't", "would not", "wouldn't", "never"];
const GOOD_FEELINGS = ["happy", "impressed", "pleased", "satisfied", "delighted", "relaxed", "grateful"];
const BAD_FEELINGS = ["disappointed", "annoyed", "frustrated", "bored", "angry", "insulted", "let down"];
const PROBLEMS = ["complaints", "problems", "issues", "regrets", "hassle", "bugs", "delays", "surprises", "hidden fees", "crashes"];
const VIRTUES = ["flavor", "effort", "help", "support", "charm", "value", "warmth", "imagination", "care", "answer"];
const OBSTACLES = ["the price", "the noise", "the long wait", "the rain", "the crowds", "a slow start", "the small size", "a few glitches"];
/** Short phrases reviews of products and services use for a verdict. */
const VERDICTS: Array<[string, 0 | 1]> = [
  ["would buy again", 1], ["would recommend it", 1], ["highly recommend", 1], ["will be back", 1], ["will definitely return", 1],
  ["worth every penny", 1], ["five stars", 1], ["exceeded my expectations", 1], ["works like a charm", 1], ["does the job perfectly", 1],
  ["a waste of money", 0], ["stopped working", 0], ["fell apart", 0], ["returned it", 0], ["asked for a refund", 0],
  ["never again", 0], ["one star", 0], ["avoid this place", 0], ["do not buy", 0], ["would not recommend", 0],
  ["not worth it", 0], ["broke after a week", 0], ["took forever", 0], ["still waiting for a reply", 0], ["want my money back", 0],
];

const flip = (label: 0 | 1): 0 | 1 => (label === 1 ? 0 : 1);
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const adjectives: Array<[string, 0 | 1]> = [...POSITIVE.map((a) => [a, 1] as [string, 0 | 1]), ...NEGATIVE.map((a) => [a, 0] as [string, 0 | 1])];

function* negatedAdjectives(): Generator<Sentence> {
  for (const [adjective, label] of adjectives) {
    for (const subject of SUBJECTS) {
      for (const copula of NEGATED_COPULAS) {
        yield { text: `${capitalize(subject)} ${copula} ${adjective}.`, label: flip(label) };
        yield { text: `${subject} ${copula} ${adjective} at all`, label: flip(label) };
      }
    }
  }
}

function* plainAdjectives(): Generator<Sentence> {
  for (const [adjective, label] of adjectives) {
    for (const subject of SUBJECTS) for (const copula of COPULAS) yield { text: `${capitalize(subject)} ${copula} ${adjective}.`, label };
  }
}

function* shortForms(): Generator<Sentence> {
  for (const [adjective, label] of adjectives) {
    yield { text: `not ${adjective}`, label: flip(label) };
    yield { text: `not ${adjective} at all`, label: flip(label) };
    yield { text: `never ${adjective}`, label: flip(label) };
  }
}

/** Contrast: the clause after "but" / outside "although" / after "despite ..." carries the verdict. */
function* contrasts(): Generator<Sentence> {
  for (const subject of SUBJECTS) {
    for (const other of SUBJECTS) {
      if (other === subject) continue;
      for (const [good, bad] of POSITIVE.map((p, i) => [p, NEGATIVE[i] as string])) {
        yield { text: `${capitalize(subject)} was ${good}, but ${other} was ${bad}.`, label: 0 };
        yield { text: `${capitalize(subject)} was ${bad} but ${other} was ${good}.`, label: 1 };
        yield { text: `Although ${subject} was ${good}, ${other} was ${bad}.`, label: 0 };
        yield { text: `Although ${subject} was ${bad}, ${other} was ${good}.`, label: 1 };
        yield { text: `${capitalize(other)} was ${good}, though ${subject} was ${bad}.`, label: 1 };
        yield { text: `${capitalize(subject)} was ${good}; however, ${other} was ${bad}.`, label: 0 };
        yield { text: `${capitalize(subject)} was not ${good} but ${other} was ${good}.`, label: 1 };
      }
    }
    for (const obstacle of OBSTACLES) {
      for (const good of POSITIVE) yield { text: `Despite ${obstacle}, ${subject} was ${good}.`, label: 1 };
      for (const bad of NEGATIVE) yield { text: `${capitalize(subject)} was ${bad} despite ${obstacle === "the price" ? "the good reviews" : "the hype"}.`, label: 0 };
    }
  }
}

/** Negated comparatives keep their polarity ("could not have been nicer"). */
function* idioms(): Generator<Sentence> {
  for (const subject of SUBJECTS) {
    for (const comparative of BETTER) {
      yield { text: `${capitalize(subject)} could not have been ${comparative}.`, label: 1 };
      yield { text: `${capitalize(subject)} couldn't be ${comparative}.`, label: 1 };
    }
    for (const comparative of WORSE) {
      yield { text: `${capitalize(subject)} could not have been ${comparative}.`, label: 0 };
      yield { text: `${capitalize(subject)} couldn't be any ${comparative}.`, label: 0 };
    }
  }
}

/** "did not like it", "didn't regret it": a negated verb of liking flips. */
function* likings(): Generator<Sentence> {
  const verbs: Array<[string, string | null, 0 | 1]> = [...LIKING.map(([v, p]): [string, string | null, 0 | 1] => [v, p, 1]), ...DISLIKING.map(([v, p]): [string, string | null, 0 | 1] => [v, p, 0])];
  for (const [verb, past, label] of verbs) {
    for (const person of PEOPLE) {
      for (const negation of DID_NOT) yield { text: `${person} ${negation} ${verb} it.`, label: flip(label) };
      if (past) yield { text: `${person} ${past} it.`, label };
      for (const subject of SUBJECTS.slice(0, 10)) yield { text: `${person} didn't ${verb} ${subject}.`, label: flip(label) };
    }
  }
}

/** Verdict phrases, feelings and "no problems": few, all kept. */
function* phrases(): Generator<Sentence> {
  for (const feeling of GOOD_FEELINGS) {
    yield { text: `I have never been so ${feeling}.`, label: 1 };
    yield { text: `I haven't been this ${feeling} in years.`, label: 1 };
    yield { text: `never been more ${feeling}`, label: 1 };
    yield { text: `I was not ${feeling}.`, label: 0 };
  }
  for (const feeling of BAD_FEELINGS) {
    yield { text: `I have never been so ${feeling}.`, label: 0 };
    yield { text: `I haven't been this ${feeling} in years.`, label: 0 };
    yield { text: `never been more ${feeling}`, label: 0 };
    yield { text: `I was not ${feeling}.`, label: 1 };
    yield { text: `Never ${feeling}.`, label: 1 };
  }
  for (const problem of PROBLEMS) {
    yield { text: `No ${problem}.`, label: 1 };
    yield { text: `No ${problem} at all.`, label: 1 };
    for (const subject of SUBJECTS.slice(0, 8)) yield { text: `${capitalize(subject)} gave us no ${problem}.`, label: 1 };
  }
  for (const virtue of VIRTUES) {
    yield { text: `No ${virtue}.`, label: 0 };
    for (const subject of SUBJECTS.slice(8, 16)) yield { text: `${capitalize(subject)} had no ${virtue}.`, label: 0 };
  }
  for (const [verdict, label] of VERDICTS) {
    yield { text: `${capitalize(verdict)}.`, label };
    yield { text: `${verdict}!`, label };
    for (const subject of SUBJECTS.slice(0, 6)) yield { text: `${capitalize(subject)}? ${capitalize(verdict)}.`, label };
  }
}

/** Each family's share of the generated sentences (the phrases are fewer than their share: all kept). */
const FAMILIES: Array<[() => Generator<Sentence>, number]> = [
  [negatedAdjectives, 0.35],
  [plainAdjectives, 0.15],
  [shortForms, 0.05],
  [contrasts, 0.3],
  [idioms, 0.1],
  [phrases, 0.2],
  [likings, 0.05],
];

/** About `limit` generated sentences, a fixed-seed sample per family so every run trains on the same ones. */
export function augmentationSentences(limit: number, seed: number): Sentence[] {
  const out: Sentence[] = [];
  const seen = new Set<string>();
  FAMILIES.forEach(([family, share], f) => {
    const unique = [...new Map([...family()].map((s) => [s.text, s])).values()].filter((s) => !seen.has(s.text));
    for (const s of shuffled(unique, seed + f).slice(0, Math.round(limit * share))) {
      seen.add(s.text);
      out.push(s);
    }
  });
  return out;
}
