import { describe, expect, it } from "vitest";
import { buildOnnxModel, defaultLexicons, positiveProbability, tokenContributions, trainClassifier } from "@sentiment/model";
import { EDGE_INPUTS, onnxPositiveProbabilities } from "../support/onnx.js";
import { syntheticReviews } from "../support/synthetic-reviews.js";

const parameters = { c: 10, lexiconPenaltyDivisor: 10, minCount: 1, maxIterations: 300, gradientTolerance: 1e-7 };

function trainSmall() {
  const rows = syntheticReviews();
  const classifier = trainClassifier(rows.map((r) => r.text), rows.map((r) => r.label), defaultLexicons(), parameters);
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

  it("returns each word's contribution as the training code computes it", async () => {
    const { rows, classifier } = trainSmall();
    const texts = [...rows.slice(0, 40).map((r) => r.text), ...EDGE_INPUTS];
    const onnx = await onnxPositiveProbabilities(buildOnnxModel(classifier, { metadata: {} }), texts);
    texts.forEach((text, i) => {
      const { contributions } = tokenContributions(classifier, text);
      const row = onnx.contributions[i] as Float32Array;
      contributions.forEach((c, t) => expect(Math.abs((row[t] as number) - c), `${text.slice(0, 30)} word ${t}`).toBeLessThan(1e-4));
      for (let t = contributions.length; t < row.length; t += 1) expect(row[t]).toBe(0);
    });
  });

  it("splits the logit exactly: word contributions plus the bias give the calibrated log-odds", async () => {
    const { classifier } = trainSmall();
    const texts = ["the acting is wonderful but the plot is not great", "what a dull , tedious film", "not bad at all", ...EDGE_INPUTS];
    const onnx = await onnxPositiveProbabilities(buildOnnxModel(classifier, { metadata: {} }), texts);
    const { bias } = tokenContributions(classifier, "");
    texts.forEach((text, i) => {
      const p = onnx.positive[i] as number;
      // float32 probabilities saturate: the log-odds are only recoverable away from 0 and 1
      if (p < 1e-5 || p > 1 - 1e-5) return;
      const logit = Math.log(p / (1 - p));
      const sum = (onnx.contributions[i] as Float32Array).reduce((s, c) => s + c, 0);
      expect(Math.abs(sum + bias - logit), text.slice(0, 30)).toBeLessThan(1e-3);
    });
  });

  it("is reproducible: the same data and parameters give byte-identical files", () => {
    const first = buildOnnxModel(trainSmall().classifier, { metadata: { a: "1" } });
    const second = buildOnnxModel(trainSmall().classifier, { metadata: { a: "1" } });
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  it("without character n-grams: no character part in the graph, and the same answers as the training code", async () => {
    const rows = syntheticReviews();
    const classifier = trainClassifier(rows.map((r) => r.text), rows.map((r) => r.label), defaultLexicons(), { ...parameters, characterNgrams: false });
    expect(classifier.space.charNgrams.size).toBe(0);
    const model = buildOnnxModel(classifier, { metadata: {} });
    // One Tokenizer (words); the character part would add a second (characters of each word).
    expect(Buffer.from(model).toString("latin1").match(/n_Tokenizer_\d+/g)).toHaveLength(1);
    const texts = [...rows.slice(0, 40).map((r) => r.text), ...EDGE_INPUTS];
    const onnx = await onnxPositiveProbabilities(model, texts);
    texts.forEach((text, i) => {
      expect(Math.abs((onnx.positive[i] as number) - positiveProbability(classifier, text)), text.slice(0, 40)).toBeLessThan(1e-4);
      const { contributions } = tokenContributions(classifier, text);
      contributions.forEach((c, t) => expect(Math.abs(((onnx.contributions[i] as Float32Array)[t] as number) - c)).toBeLessThan(1e-4));
    });
  });

  it("follows the negation, contrast and intensity rules as the training code does, on random sequences of rule words", async () => {
    const { classifier } = trainSmall();
    const words = [
      "not", "never", "no", "n't", "without", "been", "so", "this", "more", "but", "however", "yet", "and", ",", ".", "!", "?", ";", "although", "though",
      "very", "extremely", "slightly", "bit", "the", "at", "all", "whatsoever", "is", "great", "awful", "dull", "film", "plot", "charming", "boring",
    ];
    let state = 5;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const texts = Array.from({ length: 400 }, () => Array.from({ length: 1 + Math.floor(random() * 12) }, () => words[Math.floor(random() * words.length)]).join(" "));
    const onnx = await onnxPositiveProbabilities(buildOnnxModel(classifier, { metadata: {} }), texts);
    texts.forEach((text, i) => {
      const { contributions } = tokenContributions(classifier, text);
      contributions.forEach((c, t) => expect(Math.abs(((onnx.contributions[i] as Float32Array)[t] as number) - c), `${text}: word ${t}`).toBeLessThan(1e-4));
      expect(Math.abs((onnx.positive[i] as number) - positiveProbability(classifier, text)), text).toBeLessThan(1e-4);
    });
  });

  it("answers a batch of texts of very different lengths row by row", async () => {
    const { classifier } = trainSmall();
    const model = buildOnnxModel(classifier, { metadata: {} });
    const alone = await onnxPositiveProbabilities(model, ["the plot is dull"]);
    const together = await onnxPositiveProbabilities(model, ["the plot is dull", "x".repeat(3000), ""]);
    expect(together.positive[0]).toBeCloseTo(alone.positive[0] as number, 6);
  });
});
