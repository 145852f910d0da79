import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Classifier, DATA_FILES, DEFAULT_PARAMETERS, EVERYDAY_SENTENCES_FILE, fitModel, modelBytes, type PipelineParameters, positiveProbability, prepare, readCorpusFile } from "@sentiment/model";
import { DATA_DIR } from "../support/data-dir.js";
import { EDGE_INPUTS, onnxPositiveProbabilities } from "../support/onnx.js";

const ARTIFACTS = resolve(import.meta.dirname, "../../model/artifacts");
const artifact = readFileSync(join(ARTIFACTS, "sentiment.onnx"));
const manifest = JSON.parse(readFileSync(join(ARTIFACTS, "manifest.json"), "utf8")) as {
  artifact: { sha256: string };
  parameters: PipelineParameters;
  calibration: Classifier["calibration"];
  data: Record<string, { sha256: string }>;
};

describe("the committed model", () => {
  it("matches the sha256 its manifest records", () => {
    expect(createHash("sha256").update(artifact).digest("hex")).toBe(manifest.artifact.sha256);
  });

  it("was trained on the project's data files", () => {
    const files = [...Object.values(DATA_FILES), EVERYDAY_SENTENCES_FILE];
    expect(Object.keys(manifest.data).sort()).toEqual(files.sort());
    for (const name of files) {
      expect(createHash("sha256").update(readFileSync(join(DATA_DIR, name))).digest("hex")).toBe(manifest.data[name]?.sha256);
    }
  });

  // 0.966: the film phrases' figure must not fall while the model learns other domains.
  it("meets the accuracy floor of 0.966 on the film phrases' test split in onnxruntime", async () => {
    const test = readCorpusFile(join(DATA_DIR, DATA_FILES.filmTest)).rows;
    const { labels } = await onnxPositiveProbabilities(artifact, test.map((p) => p.text));
    const accuracy = labels.filter((l, i) => l === test[i]?.label).length / test.length;
    expect(accuracy).toBeGreaterThanOrEqual(0.966);
  });

  describe("retrained from the data with the manifest's parameters", () => {
    let classifier: Classifier;
    let files: ReturnType<typeof prepare>["files"];
    let test: ReturnType<typeof prepare>["filmTest"];

    beforeAll(() => {
      const prepared = prepare(DATA_DIR, () => undefined);
      files = prepared.files;
      test = prepared.filmTest;
      classifier = fitModel(prepared.train, manifest.parameters);
      classifier.calibration = manifest.calibration;
    }, 900_000);

    it("reproduces the committed file byte for byte", () => {
      expect(manifest.parameters.kindWeightGrid).toEqual(DEFAULT_PARAMETERS.kindWeightGrid);
      const bytes = modelBytes(classifier, manifest.parameters, files);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(manifest.artifact.sha256);
    });

    it("agrees with onnxruntime on every test phrase and edge input (same labels, probabilities within 1e-4)", async () => {
      const texts = [...test.map((p) => p.text), ...EDGE_INPUTS];
      const onnx = await onnxPositiveProbabilities(artifact, texts);
      let worst = 0;
      texts.forEach((text, i) => {
        const expected = positiveProbability(classifier, text);
        worst = Math.max(worst, Math.abs((onnx.positive[i] as number) - expected));
        expect(onnx.labels[i], text.slice(0, 60)).toBe(expected > 0.5 ? 1 : 0);
      });
      expect(worst).toBeLessThan(1e-4);
    });
  });
});
