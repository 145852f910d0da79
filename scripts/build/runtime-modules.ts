// The node_modules the bundles still need on disk: native addons with the JavaScript they
// reach, and the packages whose files the gateway serves. Everything else is inside the bundles.
import { copyFileSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { build } from "esbuild";
import { ASSET_PACKAGES, NATIVE_PACKAGES } from "./entries.js";

/** The package folder (relative to `root`) that a file under node_modules belongs to. */
export function packageFolderOf(file: string): string | undefined {
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf("node_modules");
  if (at < 0 || at + 1 >= parts.length) return undefined;
  const nameLength = parts[at + 1]?.startsWith("@") ? 2 : 1;
  return parts.slice(0, at + 1 + nameLength).join("/");
}

/**
 * The packages a native package loads when required: found by letting esbuild follow its
 * `require` calls from its entry point. A package.json walk would also bring the tools those
 * packages need only to install (prebuild-install, adm-zip, global-agent and their trees).
 */
async function reachedPackages(root: string, entryPackages: readonly string[]): Promise<string[]> {
  const requireFromRoot = createRequire(join(root, "package.json"));
  const result = await build({
    absWorkingDir: root,
    entryPoints: entryPackages.map((name) => requireFromRoot.resolve(name)),
    bundle: true,
    platform: "node",
    write: false,
    metafile: true,
    logLevel: "silent",
    outdir: "unused",
    external: ["*.node"],
  });
  const folders = new Set<string>();
  for (const input of Object.keys(result.metafile.inputs)) {
    const folder = packageFolderOf(input);
    if (folder) folders.add(folder);
  }
  return [...folders].sort();
}

/**
 * Whether a file inside a package folder is needed at run time on this platform. Source maps,
 * type declarations and docs are not; neither are prebuilt binaries for other platforms
 * (onnxruntime-node ships darwin, win32 and linux-arm64 ones), nor what node-gyp leaves
 * behind besides the compiled addon (object files, the sources it compiled, a test addon).
 */
export function isRuntimeFile(pathInPackage: string, hasNodeGypBuild: boolean, platform = `${process.platform}/${process.arch}`): boolean {
  const path = pathInPackage.split(sep).join("/");
  if (/\.(map|md|markdown|ts|cts|mts)$/i.test(path)) return false;
  const prebuilt = /(?:^|\/)bin\/napi-v\d+\/([^/]+\/[^/]+)\//.exec(path);
  if (prebuilt && prebuilt[1] !== platform) return false;
  if (hasNodeGypBuild) {
    if (/^(deps|src)\//.test(path) || path === "binding.gyp") return false;
    if (path.startsWith("build/")) return /^build\/Release\/[^/]+\.node$/.test(path) && !/\/test_[^/]*\.node$/.test(path);
  }
  return true;
}

function copyPackage(root: string, folder: string, target: string): number {
  const source = join(root, folder);
  const hasNodeGypBuild = statSync(join(source, "binding.gyp"), { throwIfNoEntry: false })?.isFile() ?? false;
  let bytes = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      // Nested node_modules are packages of their own: copied only when reached.
      if (entry.isDirectory() && entry.name !== "node_modules") walk(path);
      if (!entry.isFile() || !isRuntimeFile(relative(source, path), hasNodeGypBuild)) continue;
      const destination = join(target, relative(join(root, "node_modules"), path));
      mkdirSync(dirname(destination), { recursive: true });
      copyFileSync(path, destination);
      bytes += statSync(path).size;
    }
  };
  walk(source);
  return bytes;
}

/** Copies the runtime packages into `target` (a node_modules folder); returns what it copied. */
export async function copyRuntimeModules(root: string, target: string): Promise<{ packages: string[]; bytes: number }> {
  const folders = [...(await reachedPackages(root, NATIVE_PACKAGES)), ...ASSET_PACKAGES.map((name) => `node_modules/${name}`)];
  let bytes = 0;
  for (const folder of folders) bytes += copyPackage(root, folder, target);
  return { packages: folders.map((folder) => folder.replace(/^node_modules\//, "")), bytes };
}
