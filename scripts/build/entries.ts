// What the production build produces: one JavaScript bundle per entry point of the image, and
// the few packages that cannot live inside a bundle.

/** dist/<name>.js ← source entry point */
export const ENTRY_POINTS = {
  gateway: "gateway/src/main.ts",
  reviews: "subgraphs/reviews/src/main.ts",
  ml: "subgraphs/ml/src/main.ts",
  apikey: "scripts/apikey.ts",
} as const;

export type EntryName = keyof typeof ENTRY_POINTS;

/**
 * Packages loaded from node_modules at run time, with their production dependencies:
 * native addons (a `.node` file is found on disk next to the package's own code), and
 * pg-native, which pg requires only when asked to and which is not installed.
 */
export const NATIVE_PACKAGES = ["onnxruntime-node", "better-sqlite3"] as const;
export const OPTIONAL_MISSING = ["pg-native"] as const;

/**
 * Packages whose files the gateway serves as they are (the offline explorer's browser
 * bundles); only the package folder itself is needed, not its dependencies.
 */
export const ASSET_PACKAGES = ["graphiql", "react", "react-dom"] as const;

