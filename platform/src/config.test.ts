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

  it("refuses an empty number instead of reading it as 0, defaults and refinements around it included", () => {
    const withDefaults = z.object({ PORT: portSchema.default(4000), CACHE: z.coerce.number().int().min(0).default(50), NAME: z.string().default("x") }).superRefine(() => {});
    expect(() => loadConfig(withDefaults, { PORT: "", CACHE: "  ", NAME: "" })).toThrow(/^invalid configuration\n  - PORT: is empty: give a number, or unset the variable for its default\n  - CACHE: is empty/);
    expect(loadConfig(withDefaults, {})).toEqual({ PORT: 4000, CACHE: 50, NAME: "x" });
    expect(loadConfig(withDefaults, { PORT: "0", CACHE: "0" })).toEqual({ PORT: 0, CACHE: 0, NAME: "x" });
  });
});
