// The table of error codes in docs/api.md is part of the API's documentation: it lists exactly the
// codes a client can get, no more and no fewer.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { INTERNAL_SERVER_ERROR, PUBLIC_ERROR_CODES } from "./codes.js";

const apiDoc = readFileSync(new URL("../../../docs/api.md", import.meta.url), "utf8");
const section = apiDoc.slice(apiDoc.indexOf("### Errors"));
const documented = new Set(
  section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .flatMap((line) => [...(line.split("|")[1] ?? "").matchAll(/`([A-Z_]+)`/g)].map((m) => m[1] ?? "")),
);

describe("the table of error codes in docs/api.md", () => {
  it("documents every public code", () => {
    expect([...PUBLIC_ERROR_CODES].filter((code) => !documented.has(code))).toEqual([]);
  });

  it("documents no code a client cannot get", () => {
    expect([...documented].filter((code) => !PUBLIC_ERROR_CODES.has(code) && code !== INTERNAL_SERVER_ERROR)).toEqual([]);
  });
});
