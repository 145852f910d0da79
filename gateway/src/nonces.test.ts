import { describe, expect, it } from "vitest";
import { nonceSource } from "./nonces.js";

describe("nonceSource", () => {
  it("gives nonces a subgraph accepts (16-64 base64url characters)", () => {
    const next = nonceSource();
    expect(next()).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
  });

  it("never repeats a nonce, across refills of its pool", () => {
    const next = nonceSource(4);
    const seen = new Set(Array.from({ length: 1000 }, () => next()));
    expect(seen.size).toBe(1000);
  });
});
