// From the model's outputs to the API's Sentiment: label and score, and, when asked, the
// sentences with their own readings, the mixed flag and the words that drove the answer.
import { topContributions, type WordContribution } from "@sentiment/model/contract";
import { API_LIMITS, type Span } from "@sentiment/schema";
import { isMixed } from "./analysis/mixed.js";

export type SentimentLabel = "POSITIVE" | "NEGATIVE";

export interface Reading {
  label: SentimentLabel;
  score: number;
  positiveProbability: number;
}

export interface Sentiment extends Reading {
  modelVersion: string;
}

export interface SentenceSentiment extends Reading, Span {
  text: string;
}

/** The Sentiment with the parts a query selected; the others are left out. */
export interface AnalysedSentiment extends Sentiment {
  sentences?: SentenceSentiment[];
  mixed?: boolean;
  /** the strongest MAX_EXPLANATION_WORDS words, strongest first; null when not computed */
  words: WordContribution[] | null;
}

/** The most words `explanation(top:)` may ask for. */
export const MAX_EXPLANATION_WORDS = API_LIMITS.explanationWords.max;

export function toReading(positiveProbability: number): Reading {
  const positive = positiveProbability > 0.5;
  const confidence = positive ? positiveProbability : 1 - positiveProbability;
  return {
    label: positive ? "POSITIVE" : "NEGATIVE",
    score: Math.round(confidence * 10_000) / 100,
    positiveProbability,
  };
}

/** The Sentiment of a query that selects neither sentences nor an explanation: a page of reviews builds a hundred, so it is built whole rather than spread. */
export function plainSentiment(positiveProbability: number, modelVersion: string): AnalysedSentiment {
  const positive = positiveProbability > 0.5;
  const confidence = positive ? positiveProbability : 1 - positiveProbability;
  return { label: positive ? "POSITIVE" : "NEGATIVE", score: Math.round(confidence * 10_000) / 100, positiveProbability, modelVersion, words: null };
}

export interface SentimentParts {
  text: string;
  modelVersion: string;
  positiveProbability: number;
  /** the sentences' spans and probabilities, in text order, when they were computed */
  sentences: Array<{ span: Span; positiveProbability: number }> | null;
  /** the text's row of word contributions, when it was computed */
  contributions: ArrayLike<number> | null;
}

export function assembleSentiment(parts: SentimentParts): AnalysedSentiment {
  const answer = plainSentiment(parts.positiveProbability, parts.modelVersion);
  if (parts.contributions) answer.words = topContributions(parts.text, parts.contributions, MAX_EXPLANATION_WORDS);
  if (parts.sentences) {
    answer.sentences = parts.sentences.map(({ span, positiveProbability }) => ({ text: parts.text.slice(span.start, span.end), ...span, ...toReading(positiveProbability) }));
    answer.mixed = isMixed(parts.sentences.map((s) => s.positiveProbability));
  }
  return answer;
}
