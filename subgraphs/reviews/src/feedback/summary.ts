// The figures an admin reads beside the feedback: how often callers agree with the model, overall
// and per model version.
import type { VersionAgreement } from "./feedback-store.js";

export interface FeedbackSummary {
  count: number;
  agreement: number | null;
  byModelVersion: Array<VersionAgreement & { agreement: number }>;
}

export function summarize(versions: readonly VersionAgreement[]): FeedbackSummary {
  let count = 0;
  let agreeing = 0;
  const byModelVersion = versions.map((v) => {
    count += v.count;
    agreeing += v.agreeing;
    return { modelVersion: v.modelVersion, count: v.count, agreeing: v.agreeing, agreement: v.agreeing / v.count };
  });
  return { count, agreement: count === 0 ? null : agreeing / count, byModelVersion };
}
