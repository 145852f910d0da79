import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CAPABILITIES, generateCases, isSuiteText, naturalSentences, splitFiles, type Split, type TemplateCase } from "./behaviour.js";

const SPLIT_NAMES: Split[] = ["dev", "test"];
const textsOf = (c: TemplateCase) => (c.testType === "MFT" ? [c.text] : [c.base, c.variant]);
const allTexts = (split: Split) => new Set([...generateCases(split).flatMap(textsOf), ...naturalSentences(split).map((s) => s.text)].map((t) => t.toLowerCase()));
const templates = (split: Split) => (JSON.parse(readFileSync(splitFiles(split).templates, "utf8")) as { templates: Array<{ id: string; text: string; variants?: string[] }> }).templates;
const fillers = (split: Split) => Object.values(JSON.parse(readFileSync(splitFiles(split).lexicon, "utf8")) as Record<string, string[]>).flat();

describe("the test split", () => {
  const cases = generateCases("test");
  const mft = cases.filter((c) => c.testType === "MFT");
  const natural = naturalSentences("test");

  it("generates at least 1,000 template cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(1000);
  });

  it("has at least 200 hand-written sentences across at least five domains, each domain with both labels", () => {
    expect(natural.length).toBeGreaterThanOrEqual(200);
    const domains = new Set(natural.map((s) => s.domain));
    expect(domains.size).toBeGreaterThanOrEqual(5);
    for (const domain of domains) expect(new Set(natural.filter((s) => s.domain === domain).map((s) => s.expected))).toEqual(new Set([0, 1]));
  });

  it("tests other-domain vocabulary of products, restaurants, hotels, apps and services in both polarities", () => {
    for (const domain of ["products", "restaurants", "hotels", "apps", "services"]) {
      const labels = new Set(mft.filter((c) => c.capability === "vocabulary" && c.domain === domain).map((c) => c.expected));
      expect(labels, domain).toEqual(new Set([0, 1]));
    }
  });

  it("tests negation both ways and the named negation patterns", () => {
    const negation = mft.filter((c) => c.capability === "negation");
    const withLabel = (pattern: RegExp, expected: 0 | 1) => negation.filter((c) => pattern.test(c.text) && c.expected === expected).length;
    expect(withLabel(/\b(not|n't)\b.*\b(delicious|sturdy|professional|spotless)\b/i, 0)).toBeGreaterThan(0);
    expect(withLabel(/\bnot (bland|filthy|rude|bad)\b/i, 1)).toBeGreaterThan(0);
    expect(withLabel(/\bno complaints\b/i, 1)).toBeGreaterThan(0);
    expect(withLabel(/\bnever (once |been )?disappointed\b/i, 1)).toBeGreaterThan(0);
    expect(withLabel(/\bcould not have been nicer\b/i, 1)).toBeGreaterThan(0);
    expect(withLabel(/\bcould not have been worse\b/i, 0)).toBeGreaterThan(0);
    expect(withLabel(/\bnot the worst\b/i, 1)).toBeGreaterThan(0);
    expect(cases.some((c) => c.capability === "negation" && c.testType === "DIR" && /\bnot the worst\b/.test(c.variant))).toBe(true);
  });

  it("tests contrast with but, although, however, despite and yet, in both polarities", () => {
    const contrast = mft.filter((c) => c.capability === "contrast");
    for (const word of ["but", "although", "however", "despite", "yet"]) {
      const labels = new Set(contrast.filter((c) => new RegExp(`\\b${word}\\b`, "i").test(c.text)).map((c) => c.expected));
      expect(labels, word).toEqual(new Set([0, 1]));
    }
  });

  it("tests intensifiers and diminishers as MFT and DIR", () => {
    const intensity = cases.filter((c) => c.capability === "intensity");
    expect(intensity.some((c) => c.testType === "MFT" && /\b(very|extremely|incredibly|really|truly)\b/.test(c.text))).toBe(true);
    expect(intensity.some((c) => c.testType === "MFT" && /\b(slightly|a little|somewhat|a bit|mildly)\b/.test(c.text))).toBe(true);
    expect(new Set(intensity.flatMap((c) => (c.testType === "DIR" ? [c.direction] : [])))).toEqual(new Set(["up", "down"]));
  });

  it("perturbs casing, punctuation, spelling and letter repetition against the clean sentence", () => {
    const pairs = cases.filter((c) => c.capability === "robustness" && c.testType === "INV") as Array<{ base: string; variant: string }>;
    const swappedNeighbours = (a: string, b: string) => {
      if (a.length !== b.length) return false;
      const diff = [...a].flatMap((ch, i) => (ch === b[i] ? [] : [i]));
      return diff.length === 2 && diff[1] === (diff[0] as number) + 1 && a[diff[0] as number] === b[diff[1] as number];
    };
    expect(pairs.some((p) => p.variant === p.base.toUpperCase())).toBe(true);
    expect(pairs.some((p) => p.variant === p.base.toLowerCase())).toBe(true);
    expect(pairs.some((p) => p.variant === p.base.replace(/[.,;:!?]/g, ""))).toBe(true);
    expect(pairs.some((p) => swappedNeighbours(p.base, p.variant))).toBe(true);
    expect(pairs.some((p) => /(\p{L})\1{3}/u.test(p.variant) && !/(\p{L})\1{3}/u.test(p.base))).toBe(true);
  });

  it("swaps names, places and product names without touching the rest of the sentence", () => {
    const swaps = cases.filter((c) => c.capability === "entities");
    expect(swaps.length).toBeGreaterThan(0);
    for (const c of swaps) expect(c.testType).toBe("INV");
    expect(swaps.some((c) => c.testType !== "MFT" && c.base.includes("Lisbon") !== c.variant.includes("Lisbon"))).toBe(true);
  });

  it("appends clearly positive sentences expecting a rise and clearly negative ones expecting a fall", () => {
    const appended = cases.filter((c) => c.capability === "appended-opinion");
    for (const c of appended) {
      expect(c.testType).toBe("DIR");
      if (c.testType === "DIR") expect(c.variant.startsWith(`${c.base} `)).toBe(true);
    }
    expect(new Set(appended.map((c) => (c.testType === "DIR" ? c.direction : "")))).toEqual(new Set(["up", "down"]));
  });

  it("shares no sentence with the training pipeline's other-domain smoke set", () => {
    const smoke = readFileSync(resolve(import.meta.dirname, "./other-domains.tsv"), "utf8").split("\n").slice(1).map((l) => l.split("\t")[0]?.toLowerCase());
    const texts = allTexts("test");
    expect(smoke.filter((t) => t && texts.has(t))).toEqual([]);
  });
});

describe.each(SPLIT_NAMES)("the %s split", (split) => {
  it("covers every capability", () => {
    expect(new Set(generateCases(split).map((c) => c.capability))).toEqual(new Set(CAPABILITIES));
  });

  it("generates the same cases in the same order every time, with unique ids", () => {
    const first = generateCases(split);
    expect(generateCases(split)).toEqual(first);
    expect(new Set(first.map((c) => c.id)).size).toBe(first.length);
  });

  it("never expects two labels for one text", () => {
    const expected = new Map<string, number>();
    for (const c of generateCases(split)) {
      if (c.testType !== "MFT") continue;
      expect(expected.get(c.text) ?? c.expected, c.text).toBe(c.expected);
      expected.set(c.text, c.expected);
    }
    for (const s of naturalSentences(split)) expect(expected.get(s.text) ?? s.expected, s.text).toBe(s.expected);
  });
});

describe("the suite's overlap check", () => {
  it("knows a text of either split whatever its case, spacing and final punctuation, and no other", () => {
    const [dev, test] = [naturalSentences("dev")[0]?.text as string, naturalSentences("test")[0]?.text as string];
    expect(isSuiteText(dev)).toBe(true);
    expect(isSuiteText(`  ${test.toUpperCase().replace(/[.!?]+$/, "")}!!`)).toBe(true);
    expect(isSuiteText(`${test} Or so I thought.`)).toBe(false);
  });
});

describe("dev and test", () => {
  it("share no text", () => {
    const dev = allTexts("dev");
    expect([...allTexts("test")].filter((t) => dev.has(t))).toEqual([]);
  });

  it("share no template, by id or by pattern", () => {
    const dev = templates("dev");
    const devPatterns = new Set(dev.flatMap((t) => [t.text, ...(t.variants ?? [])]));
    const devIds = new Set(dev.map((t) => t.id));
    for (const t of templates("test")) {
      expect(devIds.has(t.id), t.id).toBe(false);
      expect(devPatterns.has(t.text), t.text).toBe(false);
    }
  });

  it("share no filler", () => {
    const dev = new Set(fillers("dev").map((f) => f.toLowerCase()));
    expect(fillers("test").filter((f) => dev.has(f.toLowerCase()))).toEqual([]);
  });

  it("keep dev smaller than test", () => {
    expect(generateCases("dev").length).toBeLessThan(generateCases("test").length);
    expect(naturalSentences("dev").length).toBeGreaterThanOrEqual(50);
    expect(naturalSentences("dev").length).toBeLessThan(naturalSentences("test").length);
  });
});
