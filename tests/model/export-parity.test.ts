import { describe, expect, it } from "vitest";
import { buildOnnxModel } from "../../model/src/export/graph.js";
import { loadAfinn, loadVader } from "../../model/src/features/lexicons.js";
import { positiveProbability, trainClassifier } from "../../model/src/training/classifier.js";
import { EDGE_INPUTS, onnxPositiveProbabilities } from "../support/onnx.js";
import { syntheticReviews } from "../support/synthetic-reviews.js";

const parameters = { c: 10, lexiconPenaltyDivisor: 10, minCount: 1, maxIterations: 300, gradientTolerance: 1e-7 };

function trainSmall() {
  const rows = syntheticReviews();
  const classifier = trainClassifier(rows.map((r) => r.text), rows.map((r) => r.label), [loadAfinn(), loadVader()], parameters);
  classifier.calibration = { scale: 0.9, offset: -0.05 };
  return { rows, classifier };
}

describe("ONNX export", () => {
  it("round-trips: onnxruntime reproduces the training code's probabilities and labels", async () => {
    const { rows, classifier } = trainSmall();
    const texts = [...rows.map((r) => r.text), ...EDGE_INPUTS, "The Film is NOT great", "a wonderful, wonderful cast"];
    const onnx = await onnxPositiveProbabilities(buildOnnxModel(classifier, { metadata: {} }), texts);
    texts.forEach((text, i) => {
      const expected = positiveProbability(classifier, text);
      expect(Math.abs((onnx.positive[i] as number) - expected), text.slice(0, 40)).toBeLessThan(1e-4);
      expect(onnx.labels[i], text.slice(0, 40)).toBe(expected > 0.5 ? 1 : 0);
    });
  });

  it("is reproducible: the same data and parameters give byte-identical files", () => {
    const first = buildOnnxModel(trainSmall().classifier, { metadata: { a: "1" } });
    const second = buildOnnxModel(trainSmall().classifier, { metadata: { a: "1" } });
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  it("answers a batch of texts of very different lengths row by row", async () => {
    const { classifier } = trainSmall();
    const model = buildOnnxModel(classifier, { metadata: {} });
    const alone = await onnxPositiveProbabilities(model, ["the plot is dull"]);
    const together = await onnxPositiveProbabilities(model, ["the plot is dull", "x".repeat(3000), ""]);
    expect(together.positive[0]).toBeCloseTo(alone.positive[0] as number, 6);
  });
});
