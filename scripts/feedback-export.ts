// `npm run feedback:export -- [--url URL] [--key KEY] [--out FILE] [--domain NAME] [--model-version V]`
// Writes the feedback callers gave as a training data file (model/data's TSV, kind "feedback")
// and a provenance file beside it (FILE.json: counts, time range, sha256, model versions).
// It reads through the public API as an admin, page by page, so an export passes the same
// authorization, limits and audit as any other read; it needs no access to the database.
import { createHash } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { feedbackRows, formatFeedbackFile, type FeedbackRecord } from "@sentiment/model";
import { FeedbackPageDocument, type FeedbackPageQuery } from "../client/generated/graphql.js";
import { createClient, GraphQLRequestError } from "../client/request.js";
import { ROOT } from "./stack.js";

const USAGE = `usage: npm run feedback:export -- [options]

  --url URL             the gateway's GraphQL endpoint (default: GATEWAY_URL, else http://127.0.0.1:4000/graphql)
  --key KEY             an admin API key or token (default: KEY)
  --out FILE            the data file to write (default: data/feedback/feedback-<time>.tsv);
                        the provenance goes to FILE.json
  --domain NAME         the domain column of every row (default: feedback), e.g. hotels
  --model-version V     only feedback scored by this model version`;

const PAGE = 100;

class UsageError extends Error {}

interface ExportResult {
  file: string;
  provenanceFile: string;
  provenance: Record<string, unknown>;
}

async function exportFeedback(options: { url: string; key: string; out: string; domain?: string; modelVersion?: string }): Promise<ExportResult> {
  const client = createClient({ url: options.url, apiKey: options.key, persisted: true });
  const records: FeedbackRecord[] = [];
  let after: string | null = null;
  let summaryCount = 0;
  for (;;) {
    const page: FeedbackPageQuery["feedback"] = (await client.request(FeedbackPageDocument, { first: PAGE, after, modelVersion: options.modelVersion ?? null })).data.feedback;
    if (after === null) summaryCount = page.summary.count;
    for (const { node } of page.edges) records.push({ text: node.text, label: node.label, modelVersion: node.modelVersion, agrees: node.agrees, caller: node.caller, updatedAt: node.updatedAt });
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
    after = page.pageInfo.endCursor;
  }
  const { rows, provenance } = feedbackRows(records, options.domain);
  const content = formatFeedbackFile(rows);
  const file = resolve(options.out);
  const provenanceFile = `${file}.json`;
  const full = {
    file: file.split("/").pop(),
    sha256: createHash("sha256").update(content).digest("hex"),
    bytes: Buffer.byteLength(content),
    ...provenance,
    // Feedback given while the export paged shows here as a difference from the records read.
    feedbackAtStart: summaryCount,
    filter: options.modelVersion === undefined ? null : { modelVersion: options.modelVersion },
    domain: options.domain ?? "feedback",
    gateway: options.url,
    exportedAt: new Date().toISOString(),
  };
  mkdirSync(dirname(file), { recursive: true });
  // Written beside and renamed, so a reader never sees half a file or a file without its provenance.
  writeFileSync(`${file}.partial`, content);
  writeFileSync(`${provenanceFile}.partial`, `${JSON.stringify(full, null, 2)}\n`);
  renameSync(`${file}.partial`, file);
  renameSync(`${provenanceFile}.partial`, provenanceFile);
  return { file, provenanceFile, provenance: full };
}

async function main(argv: string[]): Promise<void> {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const key = values.key ?? process.env.KEY;
  if (!key) throw new UsageError("no admin key: pass --key or set KEY (e.g. export KEY=$(npm run --silent apikey -- show-admin))");
  if (values.domain !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(values.domain)) throw new UsageError(`--domain "${values.domain}" is not a lower-case name (letters, digits, -)`);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const out = values.out ?? resolve(ROOT, "data/feedback", `feedback-${stamp}.tsv`);
  const url = values.url ?? process.env.GATEWAY_URL ?? "http://127.0.0.1:4000/graphql";
  const result = await exportFeedback({ url, key, out, domain: values.domain, modelVersion: values["model-version"] });
  const p = result.provenance;
  console.log(`wrote ${result.file}: ${String(p.rows)} rows from ${String(p.feedback)} feedback (${String(p.tiedTexts)} tied texts left out), ${String(p.from)} to ${String(p.to)}, sha256 ${String(p.sha256)}`);
  console.log(`provenance in ${result.provenanceFile}`);
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      url: { type: "string" },
      key: { type: "string" },
      out: { type: "string" },
      domain: { type: "string" },
      "model-version": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
  else if (error instanceof GraphQLRequestError) console.error(`export stopped, nothing written: the API answered ${error.code}: ${error.message}`);
  else if (error instanceof TypeError && /fetch failed/.test(error.message)) console.error(`export stopped, nothing written: cannot reach the gateway (${(error.cause as Error | undefined)?.message ?? error.message})`);
  else throw error;
  process.exit(2);
});
