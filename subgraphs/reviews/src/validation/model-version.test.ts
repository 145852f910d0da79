import { describe, expect, it } from "vitest";
import { isModelVersion, MAX_MODEL_VERSION_LENGTH } from "./model-version.js";

describe("a model version to filter feedback by", () => {
  it.each(["lr-nc-6b9b07c7903c", "lr-9f2a", "candidate.2026-12-04"])("accepts %s", (version) => {
    expect(isModelVersion(version)).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["with a NUL", "lr-nc\u0000x"],
    ["with a newline", "lr-nc\nx"],
    ["with a C1 control", "lr\u0085"],
    ["too long", "v".repeat(MAX_MODEL_VERSION_LENGTH + 1)],
  ])("refuses one %s", (_, version) => {
    expect(isModelVersion(version)).toBe(false);
  });
});
