import { describe, expect, it } from "vitest";
import { isListeningReport } from "./listening.js";

describe("a listening report", () => {
  it("is recognised with its service, port and metrics port", () => {
    expect(isListeningReport({ listening: { service: "gateway", port: 41234, metricsPort: 41235 } })).toBe(true);
  });

  it("is recognised without a metrics port", () => {
    expect(isListeningReport({ listening: { service: "ml", port: 41236 } })).toBe(true);
  });

  it("is not any other message on the channel", () => {
    for (const message of [null, "listening", { listening: null }, { listening: { service: "ml" } }, { listening: { port: 1 } }, { listening: { service: "ml", port: "1" } }, { type: "dependency" }]) {
      expect(isListeningReport(message), JSON.stringify(message)).toBe(false);
    }
  });
});
