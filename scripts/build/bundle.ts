// Bundles each entry point with esbuild into dist/<name>.js: the services run compiled
// JavaScript, and the image carries only the code they use instead of whole dependency trees.
import { readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { build, type Metafile, type Plugin } from "esbuild";
import { ENTRY_POINTS, NATIVE_PACKAGES, OPTIONAL_MISSING } from "./entries.js";

const IMPORT_META_LOCATION = /\bimport\.meta\.(url|dirname|filename)\b/g;

/**
 * Modules find their files relative to themselves (`schema/` beside `schema/subgraphs.ts`,
 * the model three folders above the ML config). Inside a bundle `import.meta.url` would be the
 * bundle's own location, so each project module's `import.meta.url` is rewritten to the URL its
 * source file has relative to the bundle: the same relative paths then resolve in the image
 * and in the repository.
 */
export function keepModuleLocations(outdir: string): Plugin {
  return {
    name: "keep-module-locations",
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const source = await readFile(args.path, "utf8");
        const fromBundle = relative(outdir, args.path).split(sep).join("/");
        const contents = source.replace(IMPORT_META_LOCATION, (_match, property: string) => {
          if (property !== "url") throw new Error(`${args.path}: use import.meta.url (import.meta.${property} cannot be kept in a bundle)`);
          return `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
        });
        return { contents, loader: "ts" };
      });
    },
  };
}

// CommonJS dependencies call require() for Node's built-ins and the external packages; an ES
// module has no require of its own, so each bundle gets one anchored at its location.
const REQUIRE_BANNER = `import { createRequire as __bundleCreateRequire } from "node:module";
const require = __bundleCreateRequire(import.meta.url);`;

export async function bundleEntryPoints(root: string, outdir: string): Promise<Metafile> {
  const result = await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRY_POINTS).map(([name, file]) => [name, join(root, file)])),
    outdir,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20.19",
    // CommonJS entry first (esbuild's default for Node): a package reached through both
    // `import` and `require` is then included once, so `graphql` has a single instance.
    mainFields: ["main", "module"],
    external: [...NATIVE_PACKAGES, ...OPTIONAL_MISSING],
    banner: { js: REQUIRE_BANNER },
    plugins: [keepModuleLocations(outdir)],
    legalComments: "linked",
    metafile: true,
    logLevel: "warning",
  });
  return result.metafile;
}
