import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigurationError } from "@sentiment/platform";
import { describe, expect, it } from "vitest";
import { checkModelDir, modelFilesIn } from "./model-files.js";

/** A model directory as training writes it: a manifest naming its file (the file itself is not read here). */
function modelDirectory(at: string): void {
  mkdirSync(at, { recursive: true });
  writeFileSync(join(at, "manifest.json"), JSON.stringify({ artifact: { file: "sentiment.onnx" } }));
}

describe("the model files of MODEL_DIR", () => {
  it("include a model directory linked in by a symbolic link, and skip a dangling link", () => {
    const root = mkdtempSync(join(tmpdir(), "model-files-"));
    modelDirectory(join(root, "elsewhere", "v2"));
    mkdirSync(join(root, "models"));
    modelDirectory(join(root, "models", "v1"));
    symlinkSync(join(root, "elsewhere", "v2"), join(root, "models", "v2"));
    symlinkSync(join(root, "nowhere"), join(root, "models", "v3"));
    expect(modelFilesIn(join(root, "models"))).toEqual([join(root, "models", "v1", "sentiment.onnx"), join(root, "models", "v2", "sentiment.onnx")]);
  });

  it("refuse a MODEL_DIR that does not exist, or is a file, as a configuration error naming it", () => {
    const root = mkdtempSync(join(tmpdir(), "model-files-"));
    writeFileSync(join(root, "a-file"), "");
    for (const dir of [join(root, "missing"), join(root, "a-file")]) {
      let thrown: unknown;
      try {
        checkModelDir(dir);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigurationError);
      expect((thrown as ConfigurationError).setting).toBe("MODEL_DIR");
      expect((thrown as Error).message).toContain(`MODEL_DIR=${dir}`);
    }
    expect(() => checkModelDir(root)).not.toThrow();
  });
});
