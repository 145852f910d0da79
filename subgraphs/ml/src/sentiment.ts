// From a positive-class probability to the API's Sentiment.

export interface Sentiment {
  label: "POSITIVE" | "NEGATIVE";
  score: number;
  positiveProbability: number;
  modelVersion: string;
}

export function toSentiment(positiveProbability: number, modelVersion: string): Sentiment {
  const positive = positiveProbability > 0.5;
  const confidence = positive ? positiveProbability : 1 - positiveProbability;
  return {
    label: positive ? "POSITIVE" : "NEGATIVE",
    score: Math.round(confidence * 10_000) / 100,
    positiveProbability,
    modelVersion,
  };
}
