// The model artifact's contract: tensor names, output decoding, explanations, manifest.
// Imported by the training pipeline, the ML service, the benchmarks and the tests.
export * from "./tensors.js";
export * from "./outputs.js";
export * from "./explanation.js";
export * from "./manifest.js";
