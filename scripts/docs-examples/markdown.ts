// The examples in the documentation whose answers come from the running service, found by
// markers a reader does not see (HTML comments), and rewritten in place with what the service
// answered. Three kinds:
//
//   <!-- example: query -->        before a ```graphql block followed by a ```json block: the
//                                  query is sent and the json block becomes its answer;
//   <!-- example: shell -->        before a ```sh block: its command lines run in bash against the
//                                  service and its output replaces the block's `# ` lines at the end;
//   <!-- example: value QUERY PATH DIGITS -->X<!-- /example -->   one figure in prose: X becomes the
//                                  value at PATH (dot-separated) of QUERY's answer, to DIGITS decimals
//                                  (QUERY is JSON: a string, the GraphQL document).

export type Example =
  | { kind: "query"; line: number; query: string; answerStart: number; answerEnd: number }
  | { kind: "shell"; line: number; commands: string; outputStart: number; outputEnd: number }
  | { kind: "value"; line: number; query: string; path: string; digits: number; start: number; end: number };

const MARKER = /^<!-- example: (query|shell) -->\s*$/;
const VALUE = /<!-- example: value (".*?(?<!\\)") (\S+) (\d+) -->(.*?)<!-- \/example -->/g;

/** A fenced block starting at line index `from` (its opening fence), or null. */
function fence(lines: string[], from: number, language: string): { body: string[]; open: number; close: number } | null {
  if (lines[from]?.trim() !== `\`\`\`${language}`) return null;
  for (let i = from + 1; i < lines.length; i += 1) {
    if (lines[i]?.trim() === "```") return { body: lines.slice(from + 1, i), open: from, close: i };
  }
  return null;
}

const nextNonBlank = (lines: string[], from: number) => {
  let i = from;
  while (i < lines.length && lines[i]?.trim() === "") i += 1;
  return i;
};

/** Every marked example of a Markdown text, in order; a marker without its blocks is an error that names its line. */
export function findExamples(text: string, file: string): Example[] {
  const lines = text.split("\n");
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const where = `${file}:${i + 1}`;
    const marker = MARKER.exec(lines[i] ?? "");
    if (marker?.[1] === "query") {
      const query = fence(lines, i + 1, "graphql");
      if (!query) throw new Error(`${where}: an "example: query" marker must be followed by a \`\`\`graphql block`);
      const answer = fence(lines, nextNonBlank(lines, query.close + 1), "json");
      if (!answer) throw new Error(`${where}: the example's \`\`\`graphql block must be followed by a \`\`\`json block for its answer`);
      examples.push({ kind: "query", line: i + 1, query: query.body.join("\n"), answerStart: answer.open + 1, answerEnd: answer.close });
    } else if (marker?.[1] === "shell") {
      const block = fence(lines, i + 1, "sh");
      if (!block) throw new Error(`${where}: an "example: shell" marker must be followed by a \`\`\`sh block`);
      let outputStart = block.close;
      while (outputStart > block.open + 1 && /^# /.test(lines[outputStart - 1] ?? "")) outputStart -= 1;
      const commands = lines.slice(block.open + 1, outputStart).join("\n");
      if (commands.trim() === "") throw new Error(`${where}: the example's \`\`\`sh block has no command`);
      examples.push({ kind: "shell", line: i + 1, commands, outputStart, outputEnd: block.close });
    }
    for (const match of (lines[i] ?? "").matchAll(VALUE)) {
      const query = JSON.parse(match[1] as string) as unknown;
      if (typeof query !== "string") throw new Error(`${where}: an "example: value" marker's query must be a JSON string`);
      const start = (match.index ?? 0) + match[0].length - "<!-- /example -->".length - (match[4] as string).length;
      examples.push({ kind: "value", line: i + 1, query, path: match[2] as string, digits: Number(match[3]), start, end: start + (match[4] as string).length });
    }
  }
  return examples;
}

/** The text with each example's answer replaced; `answers` are in the order of `examples`. */
export function rewrite(text: string, examples: Example[], answers: string[]): string {
  const lines = text.split("\n");
  // From the last to the first, so earlier positions stay valid.
  for (let k = examples.length - 1; k >= 0; k -= 1) {
    const example = examples[k] as Example;
    const answer = answers[k] as string;
    if (example.kind === "query") lines.splice(example.answerStart, example.answerEnd - example.answerStart, ...answer.split("\n"));
    else if (example.kind === "shell") lines.splice(example.outputStart, example.outputEnd - example.outputStart, ...answer.split("\n").map((l) => `# ${l}`));
    else {
      const line = lines[example.line - 1] as string;
      lines[example.line - 1] = `${line.slice(0, example.start)}${answer}${line.slice(example.end)}`;
    }
  }
  return lines.join("\n");
}

/** A number as the documentation shows it: at most five significant digits. */
const shortNumber = (value: number) => (Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(5))));

/** JSON laid out for reading: objects of plain values on one line, everything else indented. */
export function formatAnswer(value: unknown, indent = ""): string {
  if (typeof value === "number") return shortNumber(value);
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = `${indent}  `;
  const entries = Array.isArray(value) ? value.map((v) => [null, v] as const) : Object.entries(value).map(([k, v]) => [k, v] as const);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) return `${open}${close}`;
  const flat = entries.every(([, v]) => v === null || typeof v !== "object");
  const item = ([k, v]: readonly [string | null, unknown], pad: string) => `${k === null ? "" : `${JSON.stringify(k)}: `}${formatAnswer(v, pad)}`;
  if (flat) return `${open}${entries.map((e) => item(e, inner)).join(", ")}${close}`;
  return `${open}\n${entries.map((e) => `${inner}${item(e, inner)}`).join(",\n")}\n${indent}${close}`;
}

/** The value at a dot-separated path ("data.a.list.0.b"), or an error naming the path. */
export function valueAt(answer: unknown, path: string): unknown {
  let value = answer;
  for (const step of path.split(".")) {
    if (value === null || typeof value !== "object" || !(step in value)) throw new Error(`the answer has nothing at ${path}`);
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/** A figure in prose: fixed decimals, with a true minus sign. */
export function formatValue(value: unknown, digits: number): string {
  if (typeof value !== "number") return String(value);
  return value.toFixed(digits).replace(/^-/, "−");
}
