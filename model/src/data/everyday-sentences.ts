// Everyday review sentences written for the project (model/data/everyday-sentences.tsv, kind
// "everyday"): deliveries, hotels, trades, apps, clinics, shops and the rest, often judged by
// what happened ("the refund was back on my card the next morning") rather than by an opinion
// word. Neither the film phrases nor the Amazon reviews hold that language, and the reviews teach
// that narration is a complaint. The file is a source in its own right, kept as written: data:prepare
// does not make it, and another data folder may go without it (model/data/README.md).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { isReviewRow, readCorpusFile, type CorpusRow } from "./corpus.js";
import { DataFileError } from "./phrase-file.js";

export const EVERYDAY_SENTENCES_FILE = "everyday-sentences.tsv";
export const EVERYDAY_SOURCE = "everyday-written";

/**
 * Everyday topics about what one Amazon review domain sells (books; films, TV and music on disc;
 * consumer electronics, with their software and games; kitchen, housewares and home furnishings),
 * read wide: a model trained "without" a domain must not see them either, or leave-one-domain-out
 * and --without-domain would measure a domain the model has read about.
 */
export const EVERYDAY_TOPIC_DOMAINS: Readonly<Record<string, string>> = {
  book: "books", bookshop: "books", ebook: "books", library: "books",
  film: "dvd", cinema: "dvd", tvseries: "dvd", streaming: "dvd", music: "dvd",
  laptop: "electronics", phone: "electronics", tablet: "electronics", camera: "electronics", tv: "electronics",
  charger: "electronics", audio: "electronics", headphones: "electronics", speaker: "electronics",
  printer: "electronics", smarthome: "electronics", assistant: "electronics", wearable: "electronics",
  watch: "electronics", ereader: "electronics", setup: "electronics", software: "electronics", game: "electronics",
  kitchenware: "kitchen", appliance: "kitchen", kettle: "kitchen", blender: "kitchen", juicer: "kitchen",
  grinder: "kitchen", dishwasher: "kitchen", vacuum: "kitchen", bedding: "kitchen", mattress: "kitchen",
  pillow: "kitchen", furniture: "kitchen", sofa: "kitchen", wardrobe: "kitchen", cleaning: "kitchen", garden: "kitchen",
};

/** Every other topic of the file, named so that a new topic has to be placed in one list or the other (tested). */
export const EVERYDAY_TOPICS_WITHOUT_DOMAIN: ReadonlySet<string> = new Set([
  "accountant", "agent", "airline", "airport", "apartment", "app", "aquarium", "baby", "bakery", "bank",
  "bankingapp", "bar", "barber", "bike", "bnb", "boardgame", "boots", "broadband", "buffet", "builder",
  "burger", "bus", "butcher", "cafe", "cake", "camping", "campsite", "car", "cardealer", "carehome", "carhire",
  "carwash", "catering", "charityshop", "childcare", "cleaner", "clothing", "cloud", "coffee", "concert",
  "cookery", "cosmetics", "cottage", "council", "courier", "course", "crafts", "cruise", "curry", "dating",
  "delivery", "dentist", "dessert", "diet", "doctor", "drill", "drink", "electrician", "email", "employer",
  "energy", "escaperoom", "estateagent", "farm", "farmshop", "ferry", "festival", "fitnessapp", "fitter",
  "flight", "florist", "food", "funeral", "garage", "gardener", "gig", "glasses", "golf", "gp", "gym",
  "haircut", "hairdresser", "hearing", "holiday", "hospital", "hostel", "hosting", "hotel", "housing",
  "instructor", "instrument", "insurance", "jacket", "jeans", "jewellery", "kayaking", "kebab", "landlord",
  "landscaper", "languages", "laundry", "lessons", "letting", "lettings", "locksmith", "loyalty", "luggage",
  "maps", "market", "mealkit", "mechanic", "mobile", "museum", "nursery", "optician", "paint", "park",
  "parking", "party", "passwords", "payments", "perfume", "pestcontrol", "pet", "petcare", "petrol", "pharmacy",
  "photoapp", "photographer", "physio", "pizza", "plumber", "podcast", "pool", "post", "pub", "recipes",
  "recruiter", "refund", "removals", "rental", "resort", "restaurant", "salon", "school", "shampoo", "shoes",
  "shop", "shopping", "skatepark", "ski", "solar", "solicitor", "spa", "sport", "sportsclub", "stationery",
  "studio", "subscription", "supermarket", "supplements", "support", "sweets", "tailor", "takeaway", "tattoo",
  "taxi", "tent", "test", "theatre", "themepark", "therapist", "tools", "tour", "toy", "train", "trainers",
  "treesurgeon", "tutor", "tyres", "university", "vaccination", "venue", "vet", "villa", "vpn", "water",
  "website", "wedding", "windows", "wine", "yoga", "zoo"
]);

/** The review domain a training row is about, if any: a review's own; an everyday sentence's by its topic; none for a film phrase. */
export function reviewDomainOf(row: Pick<CorpusRow, "kind" | "domain">): string | null {
  if (isReviewRow(row)) return row.domain;
  if (row.kind === "everyday") return EVERYDAY_TOPIC_DOMAINS[row.domain] ?? null;
  return null;
}

/** The everyday sentences of a data folder, or null when it has none. Every row must be of kind "everyday". */
export function readEverydaySentences(dataDir: string): { rows: CorpusRow[]; bytes: Buffer } | null {
  const path = join(dataDir, EVERYDAY_SENTENCES_FILE);
  if (!existsSync(path)) return null;
  const { rows, bytes } = readCorpusFile(path);
  const stray = rows.findIndex((r) => r.kind !== "everyday");
  if (stray >= 0) throw new DataFileError(path, stray + 2, `every row of ${EVERYDAY_SENTENCES_FILE} must be of kind "everyday", found "${rows[stray]?.kind}"`);
  return { rows, bytes };
}
