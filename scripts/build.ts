// `npm run build`: dist/{gateway,reviews,ml,apikey}.js, each a bundle of compiled JavaScript
// (`node dist/gateway.js` runs from the repository as from the image), and dist/try/, the page the
// gateway serves at /try.
// `npm run build -- --runtime-modules DIR`: also DIR/node_modules with only the packages the
// bundles load from disk, for this machine's platform (used by deploy/Dockerfile).
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { bundleEntryPoints } from "./build/bundle.js";
import { ENTRY_POINTS } from "./build/entries.js";
import { copyRuntimeModules } from "./build/runtime-modules.js";
import { buildTryPage } from "./build/try-page.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { "runtime-modules": { type: "string" } } });
const outdir = join(ROOT, "dist");
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const started = Date.now();
await bundleEntryPoints(ROOT, outdir);
// The bundles are ES modules wherever dist/ is copied.
writeFileSync(join(outdir, "package.json"), `${JSON.stringify({ type: "module" })}\n`);
for (const name of Object.keys(ENTRY_POINTS)) {
  console.log(`dist/${name}.js  ${megabytes(statSync(join(outdir, `${name}.js`)).size)}`);
}
const page = await buildTryPage(ROOT, join(outdir, "try"));
console.log(`dist/try/  try.js ${(page.jsGzip / 1024).toFixed(1)} KiB + try.css ${(page.cssGzip / 1024).toFixed(1)} KiB gzipped`);
console.log(`bundled in ${Date.now() - started} ms`);

const modulesDir = values["runtime-modules"];
if (modulesDir !== undefined) {
  const target = join(resolve(modulesDir), "node_modules");
  const copied = await copyRuntimeModules(ROOT, target);
  console.log(`${target}: ${copied.packages.length} packages, ${megabytes(copied.bytes)} (${copied.packages.join(", ")})`);
}
