// Where the model files are: MODEL_PATH (the model that serves when the rollout state names none)
// and, with MODEL_DIR, every model directory below it (a directory holding an ONNX file with its
// manifest.json, as `npm run train -- --out DIR` writes them).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { MANIFEST_FILE } from "@sentiment/model/contract";

/** The model file of each model directory under `dir` (one level down, and `dir` itself), by name. */
export function modelFilesIn(dir: string): string[] {
  const candidates = [dir, ...readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(dir, e.name)).sort()];
  const files: string[] = [];
  for (const candidate of candidates) {
    const manifest = join(candidate, MANIFEST_FILE);
    if (!existsSync(manifest)) continue;
    // The artifact's file name is the manifest's; a manifest that cannot be read is reported by the loader.
    let file = "sentiment.onnx";
    try {
      const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { artifact?: { file?: unknown } };
      if (typeof parsed.artifact?.file === "string" && !parsed.artifact.file.includes("/")) file = parsed.artifact.file;
    } catch {
      // left to the loader, which says what is wrong with it
    }
    files.push(join(candidate, file));
  }
  return files;
}

/** MODEL_PATH first (as given, for the messages that name it), then the model directory's other files. */
export function modelFiles(modelPath: string, modelDir: string | undefined): string[] {
  const others = modelDir ? modelFilesIn(resolve(modelDir)).filter((file) => file !== resolve(modelPath)) : [];
  return [modelPath, ...others];
}
