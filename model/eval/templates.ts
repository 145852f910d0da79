// Expands CheckList-style templates over filler lexicons into behavioural test cases.
//
// A template is a sentence with slots: `{dish}` takes every word of the lexicon category
// `dish`; `{person:2}` is a second, different filler of `person` (for swaps); `{dish|typo}`
// applies a text filter to the filler; in INV and DIR variants `{base}` is the filled base
// sentence. Every filling of a template yields one MFT case, or one INV/DIR pair per variant.
// When a template has more fillings than its cap, a fixed-seed draw (seeded by the template
// id) picks which ones, so the same files always give the same cases in the same order.
import { z } from "zod";
import { applyFilter, FILTERS, isFilterName, type FilterName } from "./text-filters.js";
import { seededRandom } from "../src/training/random.js";

export const CAPABILITIES = ["vocabulary", "negation", "contrast", "intensity", "robustness", "entities", "appended-opinion"] as const;
export type Capability = (typeof CAPABILITIES)[number];
export const TEST_TYPES = ["MFT", "INV", "DIR"] as const;
export type TestType = (typeof TEST_TYPES)[number];
export const DOMAINS = ["products", "restaurants", "hotels", "apps", "services", "films"] as const;
export type Domain = (typeof DOMAINS)[number];
export type Label = 0 | 1;
export type Direction = "up" | "down";

interface CaseBase {
  /** `<template id>/<filling>` or `<template id>/<filling>.<variant>`; unique within a split */
  id: string;
  template: string;
  capability: Capability;
  domain?: Domain;
}
/** Minimum functionality: the model must give `expected`. */
export interface MftCase extends CaseBase {
  testType: "MFT";
  text: string;
  expected: Label;
}
/** Invariance: the model must give the same label to both texts. */
export interface InvCase extends CaseBase {
  testType: "INV";
  base: string;
  variant: string;
}
/** Directional: P(positive) of the variant must not move against `direction` (beyond the tolerance). */
export interface DirCase extends CaseBase {
  testType: "DIR";
  base: string;
  variant: string;
  direction: Direction;
}
export type TemplateCase = MftCase | InvCase | DirCase;

const SLOT = /\{([a-z_]+)(?::(\d+))?((?:\|[a-z]+)*)\}/g;
const BASE_SLOT = "base";

const templateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, "ids are lower-case letters, digits and hyphens"),
    capability: z.enum(CAPABILITIES),
    testType: z.enum(TEST_TYPES),
    domain: z.enum(DOMAINS).optional(),
    text: z.string().min(1),
    expected: z.union([z.literal(0), z.literal(1)]).optional(),
    variants: z.array(z.string().min(1)).min(1).optional(),
    direction: z.enum(["up", "down"]).optional(),
    /** at most this many fillings (default: the file's maxFillings) */
    max: z.number().int().positive().optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    const problem = (message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${t.id}: ${message}` });
    if (t.testType === "MFT" && (t.expected === undefined || t.variants || t.direction)) problem("an MFT template has `expected` and no `variants` or `direction`");
    if (t.testType === "INV" && (!t.variants || t.expected !== undefined || t.direction)) problem("an INV template has `variants` and no `expected` or `direction`");
    if (t.testType === "DIR" && (!t.variants || !t.direction || t.expected !== undefined)) problem("a DIR template has `variants` and a `direction`, and no `expected`");
  });
export type Template = z.infer<typeof templateSchema>;

export const templateFileSchema = z
  .object({
    maxFillings: z.number().int().positive(),
    templates: z.array(templateSchema).min(1),
  })
  .strict();
export type TemplateFile = z.infer<typeof templateFileSchema>;

export const lexiconSchema = z.record(z.string().regex(/^[a-z_]+$/), z.array(z.string().min(1)).min(2));
export type Lexicon = z.infer<typeof lexiconSchema>;

export class SuiteDataError extends Error {
  override name = "SuiteDataError";
  readonly code = "SUITE_DATA_INVALID";
}

interface SlotUse {
  key: string;
  category: string;
  filters: FilterName[];
}

function parseSlot(raw: string, category: string, copy: string | undefined, filterList: string, pattern: string): SlotUse {
  const filters = filterList.split("|").filter(Boolean);
  const unknown = filters.find((f) => !isFilterName(f));
  if (unknown) throw new SuiteDataError(`unknown filter "${unknown}" in ${raw} of "${pattern}" (known: ${FILTERS.join(", ")})`);
  return { key: copy ? `${category}:${copy}` : category, category, filters: filters as FilterName[] };
}

function slotUses(pattern: string): SlotUse[] {
  return Array.from(pattern.matchAll(SLOT), ([raw, category = "", copy, filterList = ""]) => parseSlot(raw, category, copy, filterList, pattern));
}

function fill(pattern: string, values: ReadonlyMap<string, string>, base?: string): string {
  return pattern.replace(SLOT, (raw: string, category: string, copy: string | undefined, filterList: string) => {
    const use = parseSlot(raw, category, copy, filterList, pattern);
    const value = use.key === BASE_SLOT ? base : values.get(use.key);
    if (value === undefined) throw new SuiteDataError(`slot ${raw} has no value`);
    return use.filters.reduce((text, f) => applyFilter(f, text), value);
  });
}

/** FNV-1a, so that a template's draw depends only on its id. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Indices 0..total-1 in a seeded random order, lazily (a partial Fisher-Yates over a sparse array). */
function* shuffledIndices(total: number, seed: number): Generator<number> {
  const random = seededRandom(seed);
  const swapped = new Map<number, number>();
  for (let i = 0; i < total; i += 1) {
    const j = i + Math.floor(random() * (total - i));
    const picked = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    yield picked;
  }
}

/** The template's fillings: one value per slot key, fillers of one category all different. */
function fillings(template: Template, keys: SlotUse[], lexicon: Lexicon, cap: number): Array<Map<string, string>> {
  const lists = keys.map((k) => lexicon[k.category] as string[]);
  const total = lists.reduce((n, l) => n * l.length, 1);
  const decode = (index: number): Map<string, string> | undefined => {
    const values = new Map<string, string>();
    const seen = new Set<string>();
    let rest = index;
    for (const [d, key] of keys.entries()) {
      const list = lists[d] as string[];
      const value = list[rest % list.length] as string;
      rest = Math.floor(rest / list.length);
      if (seen.has(`${key.category}\u0000${value}`)) return undefined;
      seen.add(`${key.category}\u0000${value}`);
      values.set(key.key, value);
    }
    return values;
  };
  const chosen: number[] = [];
  const order = total <= cap ? Array.from({ length: total }, (_, i) => i) : shuffledIndices(total, hash(template.id));
  for (const index of order) {
    if (decode(index)) chosen.push(index);
    if (chosen.length === cap) break;
  }
  return chosen.sort((a, b) => a - b).map((i) => decode(i) as Map<string, string>);
}

export function expandTemplate(template: Template, lexicon: Lexicon, defaultCap: number): TemplateCase[] {
  const patterns = [template.text, ...(template.variants ?? [])];
  const keys = new Map<string, SlotUse>();
  for (const [p, pattern] of patterns.entries()) {
    for (const use of slotUses(pattern)) {
      if (use.key === BASE_SLOT) {
        if (p === 0) throw new SuiteDataError(`${template.id}: {base} can only appear in variants`);
        continue;
      }
      if (!lexicon[use.category]) throw new SuiteDataError(`${template.id}: no lexicon category "${use.category}"`);
      if (!keys.has(use.key)) keys.set(use.key, { key: use.key, category: use.category, filters: [] });
    }
  }
  if (keys.size === 0) throw new SuiteDataError(`${template.id}: a template needs at least one slot`);
  const common = { template: template.id, capability: template.capability, ...(template.domain ? { domain: template.domain } : {}) };
  const cases: TemplateCase[] = [];
  fillings(template, [...keys.values()], lexicon, template.max ?? defaultCap).forEach((values, f) => {
    const text = fill(template.text, values);
    const id = `${template.id}/${f + 1}`;
    if (template.testType === "MFT") {
      cases.push({ id, ...common, testType: "MFT", text, expected: template.expected as Label });
      return;
    }
    (template.variants as string[]).forEach((pattern, v) => {
      const variant = fill(pattern, values, text);
      if (variant === text) throw new SuiteDataError(`${template.id}: variant "${pattern}" leaves "${text}" unchanged`);
      const pair = { id: `${id}.${v + 1}`, ...common, base: text, variant };
      cases.push(template.testType === "INV" ? { ...pair, testType: "INV" } : { ...pair, testType: "DIR", direction: template.direction as Direction });
    });
  });
  return cases;
}

/** All cases of a template file, in file order; checks that ids are unique and every lexicon category is used. */
export function expandTemplateFile(file: TemplateFile, lexicon: Lexicon): TemplateCase[] {
  const ids = new Set<string>();
  const used = new Set<string>();
  const cases: TemplateCase[] = [];
  for (const template of file.templates) {
    if (ids.has(template.id)) throw new SuiteDataError(`template id "${template.id}" appears twice`);
    ids.add(template.id);
    for (const pattern of [template.text, ...(template.variants ?? [])]) for (const use of slotUses(pattern)) used.add(use.category);
    cases.push(...expandTemplate(template, lexicon, file.maxFillings));
  }
  const unused = Object.keys(lexicon).filter((category) => !used.has(category));
  if (unused.length > 0) throw new SuiteDataError(`lexicon categories no template uses: ${unused.join(", ")}`);
  return cases;
}
