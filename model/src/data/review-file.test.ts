import { describe, expect, it } from "vitest";
import { DataFileError } from "./phrase-file.js";
import { decodeEntities, decodeReviewBytes, parseReviews } from "./review-file.js";

const block = (fields: Record<string, string>) =>
  `<review>\n${Object.entries(fields).map(([tag, value]) => `<${tag}>\n${value}\n</${tag}>`).join("\n")}\n</review>\n`;
const review = { unique_id: "B0001:great:ann", asin: "B0001", product_name: "Kettle & Cups", rating: "5.0", title: "Great &quot;kettle&quot;", review_text: "Boils fast.\nQuiet & simple." };

describe("review files", () => {
  it("reads each block's fields, entities decoded and a bare & kept", () => {
    const [parsed] = parseReviews(`<data>\n${block(review)}`, "x.review");
    expect(parsed).toEqual({ id: "B0001:great:ann", asin: "B0001", rating: 5, title: 'Great "kettle"', text: "Boils fast.\nQuiet & simple." });
  });

  it("decodes numeric entities and leaves unknown ones as written", () => {
    expect(decodeEntities("it&#8217;s &#x41; &bogus; R&amp;D")).toBe("it\u2019s A &bogus; R&D");
  });

  it("reads bytes as Windows-1252 (0x92 is a typographic apostrophe)", () => {
    expect(decodeReviewBytes(Uint8Array.from([0x69, 0x74, 0x92, 0x73, 0x20, 0xe9]))).toBe("it\u2019s \u00e9");
  });

  it("refuses a block without a rating, naming the file", () => {
    const { rating: _, ...withoutRating } = review;
    expect(() => parseReviews(block(withoutRating), "y.review")).toThrow(DataFileError);
    expect(() => parseReviews(block(withoutRating), "y.review")).toThrow(/^y\.review:/);
  });
});
