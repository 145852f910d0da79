// Hand-written review sentences with their labels: `domain<TAB>label<TAB>text`, one a line,
// after a header line. Ids are `<domain>-<n>`, n counting within the domain from 1.
import { DOMAINS, SuiteDataError, type Domain, type Label } from "./templates.js";

export interface NaturalSentence {
  id: string;
  domain: Domain;
  text: string;
  expected: Label;
}

const HEADER = "domain\tlabel\ttext";

export function parseNaturalSentences(source: string, fileName: string): NaturalSentence[] {
  const lines = source.split("\n");
  if (lines[0] !== HEADER) throw new SuiteDataError(`${fileName}:1: the header must be "${HEADER.replaceAll("\t", "<TAB>")}"`);
  const perDomain = new Map<Domain, number>();
  const seen = new Map<string, number>();
  const sentences: NaturalSentence[] = [];
  lines.slice(1).forEach((line, i) => {
    const lineNumber = i + 2;
    if (line === "") return;
    const fields = line.split("\t");
    const [domain = "", label = "", text = ""] = fields;
    const where = `${fileName}:${lineNumber}`;
    if (fields.length !== 3) throw new SuiteDataError(`${where}: expected 3 tab-separated fields, found ${fields.length}`);
    if (!(DOMAINS as readonly string[]).includes(domain)) throw new SuiteDataError(`${where}: domain must be one of ${DOMAINS.join(", ")}`);
    if (label !== "0" && label !== "1") throw new SuiteDataError(`${where}: label must be 0 (negative) or 1 (positive)`);
    if (text.trim() !== text || text === "") throw new SuiteDataError(`${where}: text is empty or has surrounding spaces`);
    const earlier = seen.get(text.toLowerCase());
    if (earlier) throw new SuiteDataError(`${where}: same text as line ${earlier}`);
    seen.set(text.toLowerCase(), lineNumber);
    const n = (perDomain.get(domain as Domain) ?? 0) + 1;
    perDomain.set(domain as Domain, n);
    sentences.push({ id: `${domain}-${n}`, domain: domain as Domain, text, expected: Number(label) as Label });
  });
  return sentences;
}
