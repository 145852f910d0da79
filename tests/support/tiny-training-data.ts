// A few hundred generated rows in the four data files' format, so `npm run train -- --data DIR`
// runs the whole pipeline (cross-validation, leave-one-domain-out, evaluation, export) in seconds:
// the smallest configuration a command-line test can train; never a model worth serving.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { syntheticReviews } from "./synthetic-reviews.js";

const HEADER = "source\tdomain\tgroup\tkind\ttext\tlabel\n";
const DOMAINS = { books: "novel", dvd: "disc", electronics: "charger", kitchen: "kettle" } as const;
const GOOD = ["great", "excellent", "reliable", "sturdy", "wonderful"];
const BAD = ["awful", "flimsy", "useless", "broken", "terrible"];

function reviewRows(test: boolean): string {
  const lines: string[] = [];
  for (const [domain, thing] of Object.entries(DOMAINS)) {
    GOOD.forEach((word, i) => {
      if ((i % 5 === 0) !== test) return;
      lines.push(`multi-domain-reviews\t${domain}\t${domain}-g${i}\ttitle\t${word} ${thing}, would buy again\t1`);
      lines.push(`multi-domain-reviews\t${domain}\t${domain}-g${i}\tsentence\tthe ${thing} is ${word} and I love it\t1`);
    });
    BAD.forEach((word, i) => {
      if ((i % 5 === 0) !== test) return;
      lines.push(`multi-domain-reviews\t${domain}\t${domain}-b${i}\ttitle\t${word} ${thing}, sent it back\t0`);
      lines.push(`multi-domain-reviews\t${domain}\t${domain}-b${i}\tsentence\tthe ${thing} is ${word} and I hate it\t0`);
    });
  }
  return HEADER + lines.map((l) => `${l}\n`).join("");
}

/** Writes the four files into a fresh folder and returns it. */
export function tinyTrainingData(): string {
  const dir = mkdtempSync(join(tmpdir(), "tiny-data-"));
  const film = syntheticReviews();
  const phrases = (keep: (group: number) => boolean) =>
    HEADER + film.filter((r) => keep(r.group)).map((r) => `movie-phrases\tfilm\tsentence-${r.group}\tphrase\t${r.text}\t${r.label}\n`).join("");
  writeFileSync(join(dir, "film-phrases-train.tsv"), phrases((g) => g % 5 !== 0));
  writeFileSync(join(dir, "film-phrases-test.tsv"), phrases((g) => g % 5 === 0));
  writeFileSync(join(dir, "reviews-train.tsv"), reviewRows(false));
  writeFileSync(join(dir, "reviews-test.tsv"), reviewRows(true));
  return dir;
}

/** Adds an everyday-sentences.tsv to a tiny data folder: five topics the reviews lack, and kettles (a kitchen product). */
export function addTinyEverydaySentences(dir: string): void {
  const topics = { delivery: "parcel", plumber: "plumber", hotel: "room", app: "app", bank: "bank", kettle: "kettle" };
  const lines: string[] = [];
  for (const [topic, thing] of Object.entries(topics)) {
    for (const word of GOOD) lines.push(`everyday-written\t${topic}\teveryday-${topic}\teveryday\tthe ${thing} was ${word} today\t1`);
    for (const word of BAD) lines.push(`everyday-written\t${topic}\teveryday-${topic}\teveryday\tthe ${thing} was ${word} today\t0`);
  }
  writeFileSync(join(dir, "everyday-sentences.tsv"), HEADER + lines.map((l) => `${l}\n`).join(""));
}

/** A feedback file as feedback:export writes it: texts of a domain the tiny data lacks. */
export function tinyFeedbackFile(dir: string, name = "hotels.tsv"): string {
  const rooms = ["room", "bed", "shower", "breakfast", "staff", "view", "pool", "lobby", "carpet", "wifi"];
  const good = ["spotless", "comfy", "friendly", "gorgeous"];
  const bad = ["filthy", "noisy", "rude", "mouldy"];
  const lines: string[] = [];
  for (const thing of rooms) {
    for (const word of good) lines.push(`feedback\thotels\tfeedback-${thing}-${word}\tfeedback\tthe ${thing} was ${word}\t1`);
    for (const word of bad) lines.push(`feedback\thotels\tfeedback-${thing}-${word}\tfeedback\tthe ${thing} was ${word}\t0`);
  }
  const path = join(dir, name);
  writeFileSync(path, HEADER + lines.map((l) => `${l}\n`).join(""));
  return path;
}
