// Where the model files are: MODEL_PATH (the model that serves when the rollout state names none)
// and, with MODEL_DIR, every model directory below it (a directory holding an ONNX file with its
// manifest.json, as `npm run train -- --out DIR` writes them).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { MANIFEST_FILE } from "@sentiment/model/contract";
import { ConfigurationError } from "@sentiment/platform";

/** Refuses a MODEL_DIR that does not exist or is not a directory: a setting to fix, not a crash. */
export function checkModelDir(dir: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch (error) {
    throw new ConfigurationError("MODEL_DIR", `MODEL_DIR=${dir} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}): it must be a directory of model directories`, { cause: error });
  }
  if (!isDirectory) throw new ConfigurationError("MODEL_DIR", `MODEL_DIR=${dir} is not a directory: it must be a directory of model directories`);
}

/** Whether the entry is a directory, following a symbolic link (a model directory linked in is one too). */
function isDirectoryAt(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    // a dangling link or an entry removed meanwhile: no model there
    return false;
  }
}

/**
 * The model file of each model directory under `dir` (one level down, and `dir` itself), by name.
 * Throws when `dir` cannot be read (the caller says what that means: a refusal at start, a failed reload).
 */
export function modelFilesIn(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() || (e.isSymbolicLink() && isDirectoryAt(join(dir, e.name))));
  const candidates = [dir, ...entries.map((e) => join(dir, e.name)).sort()];
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
