// The request bodies of one load run, described once so that every generator (wrk's Lua script,
// autocannon, the constant-rate process) sends the same bodies. A body is a JSON prefix, one
// variable's value, and a JSON suffix; the value of request n comes from a pool and n.
export type ValueKind =
  /** no variable: the same body every request */
  | "none"
  /** pool[n] plus a tag and n: a text no earlier request sent */
  | "fresh-text"
  /** five fresh texts, each ending a sentence */
  | "five-sentences"
  /** pool[n], round and round (ids of stored reviews) */
  | "cycle";

export interface BodyTemplate {
  kind: ValueKind;
  /** JSON text before the value, its opening quote included */
  prefix: string;
  /** JSON text after the value, its closing quote included */
  suffix: string;
  /** values, already escaped for a JSON string */
  pool: string[];
  /** makes this run's texts differ from every other run's that drew from the same pool */
  tag: string;
}

const MARK = "@@VALUE@@";

export function bodyTemplate(
  query: string,
  variable: { name: string; kind: Exclude<ValueKind, "none">; pool: string[] } | undefined,
  tag: string,
  /** variables with the same value in every request */
  constants: Record<string, unknown> = {},
): BodyTemplate {
  if (!/^[A-Za-z0-9-]+$/.test(tag)) throw new Error(`tag "${tag}" must be letters, digits and dashes (it is written into bodies unescaped)`);
  const hasConstants = Object.keys(constants).length > 0;
  if (!variable) return { kind: "none", prefix: JSON.stringify(hasConstants ? { query, variables: constants } : { query }), suffix: "", pool: [], tag };
  if (variable.pool.length === 0) throw new Error(`the pool of $${variable.name} is empty`);
  const json = JSON.stringify({ query, variables: { ...constants, [variable.name]: MARK } });
  const at = json.indexOf(MARK);
  return {
    kind: variable.kind,
    prefix: json.slice(0, at),
    suffix: json.slice(at + MARK.length),
    pool: variable.pool.map((v) => JSON.stringify(v).slice(1, -1)),
    tag,
  };
}

/** The value of request n (n from 1), before JSON escaping of the pool (already done). */
export function valueOf(template: BodyTemplate, n: number): string {
  const { pool, tag } = template;
  const at = (i: number) => pool[i % pool.length]!;
  switch (template.kind) {
    case "none":
      return "";
    case "fresh-text":
      return `${at(n)} ${tag}-${n}`;
    case "five-sentences":
      return [0, 1, 2, 3, 4].map((k) => `${at(5 * n + k)} ${tag}-${n}-${k}.`).join(" ");
    case "cycle":
      return at(n);
  }
}

export function renderBody(template: BodyTemplate, n: number): string {
  return template.prefix + valueOf(template, n) + template.suffix;
}

/** A renderer with its own request counter. */
export function bodySequence(template: BodyTemplate): () => string {
  let n = 0;
  return () => renderBody(template, (n += 1));
}
