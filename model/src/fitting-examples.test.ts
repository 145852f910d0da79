import { describe, expect, it } from "vitest";
import { isSuiteText } from "../eval/behaviour.js";
import { DEFAULT_PARAMETERS, fittingExamples } from "./pipeline.js";
import { augmentationSentences } from "./training/augmentation.js";

describe("the texts a model is fitted on", () => {
  const { sentences, seed } = DEFAULT_PARAMETERS.augmentation;
  const generated = augmentationSentences(sentences, seed);

  it("include no text the behavioural suite reads, though the generated sentences come to a few", () => {
    // Today's templates produce three ("The app is buggy." …); the filter is what keeps them out.
    const overlapping = generated.filter((s) => isSuiteText(s.text));
    expect(overlapping.length).toBeGreaterThan(0);
    const { texts } = fittingExamples([], DEFAULT_PARAMETERS);
    expect(texts.filter(isSuiteText)).toEqual([]);
    expect(texts).toHaveLength(generated.length - overlapping.length);
  });
});
