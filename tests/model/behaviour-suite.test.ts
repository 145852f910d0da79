// The committed model against the behavioural suite: no capability may fail more often than the
// rate recorded in metrics.json when the model was trained (the suite's own regression rule).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { behaviourMetrics, behaviourMetricsSchema, regressions, runSuite } from "@sentiment/model/eval";
import { onnxPositiveProbabilities } from "../support/onnx.js";

const ARTIFACTS = resolve(import.meta.dirname, "../../model/artifacts");
const artifact = readFileSync(join(ARTIFACTS, "sentiment.onnx"));
const recorded = JSON.parse(readFileSync(join(ARTIFACTS, "metrics.json"), "utf8")) as { behaviour: { test: unknown; dev: unknown } };

describe("the committed model on the behavioural suite", () => {
  it("records the suite's results for both splits in metrics.json", () => {
    expect(behaviourMetricsSchema.parse(recorded.behaviour.test).split).toBe("test");
    expect(behaviourMetricsSchema.parse(recorded.behaviour.dev).split).toBe("dev");
  });

  it("fails no capability more often than recorded, run through onnxruntime", async () => {
    const result = await runSuite(async (texts) => (await onnxPositiveProbabilities(artifact, texts)).positive, "test", { batchSize: 512 });
    // The recorded figures come from the training code's twin of the graph (float64); the graph
    // computes in float32. The two agree to 1e-4 in probability, so only a case sitting on the
    // threshold, or a directional case whose two probabilities are equal but for rounding, can
    // flip: at most one case of a capability of 400 or more (0.0025).
    expect(regressions(behaviourMetricsSchema.parse(recorded.behaviour.test), behaviourMetrics(result), 0.0025)).toEqual([]);
  });
});
