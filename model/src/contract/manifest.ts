// The manifest written beside the ONNX file: what a reader checks before serving the model.
import { z } from "zod";

export const MANIFEST_FILE = "manifest.json";

const sourceSchema = z.object({ name: z.string(), version: z.string(), license: z.string(), url: z.string().optional() });

export const manifestSchema = z.object({
  version: z.string().min(1),
  artifact: z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().positive() }),
  metrics: z.object({
    accuracy: z.number(),
    rocAuc: z.number(),
    logLoss: z.number(),
    expectedCalibrationError: z.number(),
    crossValidationAccuracy: z.number(),
  }),
  io: z.object({ input: z.record(z.string()), outputs: z.record(z.string()) }),
  sources: z.array(sourceSchema).optional(),
});

/** What the pipeline writes; readers validate with `manifestSchema` and ignore what they don't use. */
export type ModelManifest = z.infer<typeof manifestSchema> & Record<string, unknown>;

export function parseManifest(json: unknown): ModelManifest {
  return manifestSchema.passthrough().parse(json) as ModelManifest;
}
