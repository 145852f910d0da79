// Closed word classes that must never receive a polarity from the embeddings: their
// effect on sentiment is structural (the model handles negation, contrast and degree
// with rules of its own), and their vectors sit close to opinion words only because
// they share contexts with them.

/** Words that negate what follows, including contractions as the model's tokenizer keeps them. */
export const NEGATORS: readonly string[] = [
  "not", "no", "never", "n't", "nt", "cannot", "nothing", "nobody", "none", "neither", "nor", "nowhere", "without",
  "hardly", "barely", "scarcely", "seldom", "rarely",
  "can't", "cant", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt", "isn't", "isnt", "wasn't", "wasnt",
  "aren't", "arent", "weren't", "werent", "won't", "wont", "wouldn't", "wouldnt", "couldn't", "couldnt",
  "shouldn't", "shouldnt", "haven't", "havent", "hasn't", "hasnt", "hadn't", "hadnt", "ain't", "aint",
  "mustn't", "mustnt", "needn't", "neednt", "mightn't", "mightnt", "shan't", "shant",
];

/** Verbs of absence that the model may treat as negators (Liu lists them as negative words, which stays). */
export const NEGATING_VERBS: readonly string[] = ["lack", "lacks", "lacking", "lacked"];

/** Words that introduce a contrast between clauses. */
export const CONTRAST_WORDS: readonly string[] = [
  "but", "although", "though", "however", "yet", "despite", "nevertheless", "nonetheless", "notwithstanding",
  "whereas", "while", "whilst", "albeit", "except", "still", "instead", "otherwise", "conversely", "regardless",
  "anyway", "anyhow", "even", "spite",
];

/** Intensifiers and diminishers: they scale an opinion, they do not carry one. */
export const DEGREE_WORDS: readonly string[] = [
  "very", "really", "extremely", "absolutely", "totally", "completely", "utterly", "entirely", "fully", "highly",
  "incredibly", "unbelievably", "remarkably", "exceptionally", "especially", "particularly", "truly", "deeply",
  "enormously", "tremendously", "hugely", "greatly", "immensely", "intensely", "thoroughly", "exceedingly",
  "insanely", "super", "so", "too", "quite", "rather", "pretty", "fairly", "somewhat", "slightly", "mildly",
  "marginally", "partly", "partially", "kinda", "sorta", "almost", "nearly", "little", "bit", "less", "least",
  "more", "most", "much", "overly", "way",
];

/** Number words; digits never reach the candidates because only alphabetic words do. */
export const NUMBER_WORDS: readonly string[] = [
  "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
  "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
  "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "hundreds", "thousand", "thousands", "million",
  "millions", "billion", "billions", "trillion", "trillions", "dozen", "dozens", "first", "second", "third",
  "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "twelfth", "twentieth", "hundredth",
  "once", "twice", "thrice", "half", "quarter", "single", "double", "triple", "percent",
];

/** Calendar names, proper nouns that the first-name lists do not hold. */
export const CALENDAR_WORDS: readonly string[] = [
  "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
  "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];

/** Every closed-class word that the expansion skips, besides the packaged stop words and first names. */
export function structuralWords(): Set<string> {
  return new Set([...NEGATORS, ...NEGATING_VERBS, ...CONTRAST_WORDS, ...DEGREE_WORDS, ...NUMBER_WORDS, ...CALENDAR_WORDS]);
}
