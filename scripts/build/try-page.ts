// Builds the try-it page (client/try-page) into a folder the gateway serves at /try: index.html,
// icon.svg, try.js (one minified browser bundle of the page and the generated client's documents it sends)
// and try.css. Nothing is fetched at run time from anywhere but the gateway itself.
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export const TRY_PAGE_SOURCE = "client/try-page";

export interface TryPageSizes {
  /** bytes of try.js and try.css, as served and gzipped */
  js: number;
  css: number;
  jsGzip: number;
  cssGzip: number;
}

export async function buildTryPage(root: string, outdir: string): Promise<TryPageSizes> {
  const source = join(root, TRY_PAGE_SOURCE);
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: { try: join(source, "main.ts"), "try-css": join(source, "styles.css") },
    outdir,
    bundle: true,
    minify: true,
    platform: "browser",
    format: "iife",
    target: ["chrome111", "firefox113", "safari16.2"],
    // Source maps would double what a visitor downloads; the sources are in this repository.
    sourcemap: false,
    legalComments: "none",
    logLevel: "warning",
    entryNames: "[name]",
  });
  // esbuild names a CSS entry's output after the entry; the page links try.css.
  const css = await readFile(join(outdir, "try-css.css"));
  await writeFile(join(outdir, "try.css"), css);
  await rm(join(outdir, "try-css.css"));
  await copyFile(join(source, "page.html"), join(outdir, "index.html"));
  // Declared by the page, so a browser does not ask for /favicon.ico, which nothing serves.
  await copyFile(join(source, "icon.svg"), join(outdir, "icon.svg"));
  const js = await readFile(join(outdir, "try.js"));
  return { js: js.length, css: css.length, jsGzip: gzipSync(js, { level: 9 }).length, cssGzip: gzipSync(css, { level: 9 }).length };
}
