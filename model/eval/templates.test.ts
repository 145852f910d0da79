import { describe, expect, it } from "vitest";
import { parseNaturalSentences } from "./natural-sentences.js";
import { expandTemplate, expandTemplateFile, SuiteDataError, templateFileSchema, type Template } from "./templates.js";
import { applyFilter } from "./text-filters.js";

const lexicon = { dish: ["soup", "pie", "stew"], good: ["tasty", "fresh"], person: ["Ann", "Bo", "Cy"] };
const mft = (text: string, extra: Partial<Template> = {}): Template => ({ id: "t", capability: "vocabulary", testType: "MFT", expected: 1, text, ...extra });

describe("template expansion", () => {
  it("fills every combination of slots when they fit under the cap", () => {
    const cases = expandTemplate(mft("The {dish} was {good}."), lexicon, 100);
    expect(cases.map((c) => (c.testType === "MFT" ? c.text : ""))).toEqual([
      "The soup was tasty.", "The pie was tasty.", "The stew was tasty.",
      "The soup was fresh.", "The pie was fresh.", "The stew was fresh.",
    ]);
    expect(cases.map((c) => c.id)).toEqual(["t/1", "t/2", "t/3", "t/4", "t/5", "t/6"]);
  });

  it("draws the same capped subset every time, and a different one for another template id", () => {
    const draw = (id: string) => expandTemplate(mft("{person} and {person:2} liked the {dish}.", { id }), lexicon, 4).map((c) => (c.testType === "MFT" ? c.text : ""));
    expect(draw("a")).toHaveLength(4);
    expect(draw("a")).toEqual(draw("a"));
    expect(new Set([draw("a"), draw("b"), draw("c")].map((d) => d.join("|"))).size).toBeGreaterThan(1);
  });

  it("gives a numbered copy of a slot a different filler of the same category", () => {
    const cases = expandTemplate(mft("{person} met {person:2}."), lexicon, 100);
    expect(cases).toHaveLength(6);
    for (const c of cases) if (c.testType === "MFT") expect(c.text).not.toMatch(/^(\w+) met \1\.$/);
  });

  it("pairs each filling's base with every variant, sharing the slot values", () => {
    const cases = expandTemplate({ id: "inv", capability: "robustness", testType: "INV", text: "The {dish} was {good}.", variants: ["{base|upper}", "The {dish} was {good|typo}."] }, lexicon, 100);
    expect(cases).toHaveLength(12);
    expect(cases.slice(0, 2)).toEqual([
      { id: "inv/1.1", template: "inv", capability: "robustness", testType: "INV", base: "The soup was tasty.", variant: "THE SOUP WAS TASTY." },
      { id: "inv/1.2", template: "inv", capability: "robustness", testType: "INV", base: "The soup was tasty.", variant: "The soup was tsaty." },
    ]);
  });

  it("carries the direction of a DIR template onto its pairs", () => {
    const [pair] = expandTemplate({ id: "d", capability: "appended-opinion", testType: "DIR", direction: "down", text: "The {dish} was {good}.", variants: ["{base} Never again."] }, lexicon, 100);
    expect(pair).toMatchObject({ testType: "DIR", direction: "down", base: "The soup was tasty.", variant: "The soup was tasty. Never again." });
  });

  it("refuses an unknown category, an unknown filter, a variant equal to its base and an MFT template without a label", () => {
    expect(() => expandTemplate(mft("The {drink} was cold."), lexicon, 10)).toThrow(/no lexicon category "drink"/);
    expect(() => expandTemplate(mft("The {dish|shout} was cold."), lexicon, 10)).toThrow(/unknown filter "shout"/);
    expect(() => expandTemplate({ id: "same", capability: "robustness", testType: "INV", text: "the {dish}", variants: ["{base|lower}"] }, lexicon, 10)).toThrow(SuiteDataError);
    const unlabelled = templateFileSchema.safeParse({ maxFillings: 5, templates: [{ id: "x", capability: "negation", testType: "MFT", text: "The {dish}." }] });
    expect(unlabelled.error?.issues[0]?.message).toBe("x: an MFT template has `expected` and no `variants` or `direction`");
  });

  it("refuses lexicon categories that no template uses and duplicate template ids", () => {
    expect(() => expandTemplateFile({ maxFillings: 5, templates: [mft("The {dish}.")] }, lexicon)).toThrow(/no template uses: good, person/);
    expect(() => expandTemplateFile({ maxFillings: 5, templates: [mft("The {dish}."), mft("A {dish}.")] }, { dish: ["a", "b"] })).toThrow(/"t" appears twice/);
  });
});

describe("text filters", () => {
  it.each([
    ["upper", "Not bad.", "NOT BAD."],
    ["lower", "Not Bad.", "not bad."],
    ["cap", "the soup", "The soup"],
    ["nopunct", "Fine, really. Good!", "Fine really Good"],
    ["exclaim", "It was good.", "It was good!!!"],
    ["noapostrophe", "I don't think it's fine", "I dont think its fine"],
    ["typo", "delicious", "delciious"],
    ["typo", "well seasoned", "well seaosned"],
    ["stretch", "great", "greaaaat"],
    ["stretch", "rude", "ruuuude"],
  ] as const)("%s turns %j into %j", (filter, input, output) => {
    expect(applyFilter(filter, input)).toBe(output);
  });
});

describe("natural sentence files", () => {
  const header = "domain\tlabel\ttext";

  it("read domain, label and text and number ids within each domain", () => {
    expect(parseNaturalSentences(`${header}\napps\t1\tLoads fast.\nfilms\t0\tDull.\napps\t0\tCrashes daily.\n`, "n.tsv")).toEqual([
      { id: "apps-1", domain: "apps", text: "Loads fast.", expected: 1 },
      { id: "films-1", domain: "films", text: "Dull.", expected: 0 },
      { id: "apps-2", domain: "apps", text: "Crashes daily.", expected: 0 },
    ]);
  });

  it("name the file and line of a bad label, an unknown domain or a repeated text", () => {
    expect(() => parseNaturalSentences(`${header}\napps\tpositive\tLoads fast.\n`, "n.tsv")).toThrow("n.tsv:2: label must be 0 (negative) or 1 (positive)");
    expect(() => parseNaturalSentences(`${header}\ncars\t1\tSmooth ride.\n`, "n.tsv")).toThrow(/^n\.tsv:2: domain must be one of/);
    expect(() => parseNaturalSentences(`${header}\napps\t1\tLoads fast.\napps\t1\tloads fast.\n`, "n.tsv")).toThrow("n.tsv:3: same text as line 2");
  });
});
