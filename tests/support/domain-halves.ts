// One review domain's training rows cut in two halves by product, the same way on every run: what
// the domain proof sends as feedback, and what it holds out to measure the retrained model on.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { DATA_FILES, readCorpusFile, type CorpusRow } from "@sentiment/model";

/** A product's rows all fall in one half (as data:prepare splits train from test), so no product is on both sides. */
function inSentHalf(group: string): boolean {
  return createHash("sha256").update(group).digest().readUInt32BE(0) % 2 === 0;
}

export function domainHalves(dataDir: string, domain: string): { sent: CorpusRow[]; heldOut: CorpusRow[] } {
  const rows = readCorpusFile(join(dataDir, DATA_FILES.reviewsTrain)).rows.filter((r) => r.domain === domain);
  return { sent: rows.filter((r) => inSentHalf(r.group)), heldOut: rows.filter((r) => !inSentHalf(r.group)) };
}
