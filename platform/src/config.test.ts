import { describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig, portSchema } from "./config.js";
import { ConfigurationError } from "./errors/startup.js";

const schema = z.object({ PORT: portSchema, NAME: z.string().min(1) });

describe("loadConfig", () => {
  it("returns the parsed settings", () => {
    expect(loadConfig(schema, { PORT: "4000", NAME: "gateway" })).toEqual({ PORT: 4000, NAME: "gateway" });
  });

  it("throws a ConfigurationError naming every wrong setting, and does not end the process", () => {
    let thrown: unknown;
    try {
      loadConfig(schema, { PORT: "forty" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as ConfigurationError).setting).toBe("PORT, NAME");
    expect((thrown as ConfigurationError).message).toMatch(/^invalid configuration\n  - PORT: .+\n  - NAME: .+$/);
  });
});
