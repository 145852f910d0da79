import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../subgraphs/reviews/src/store/cursor.js";

const wrap = (text: string) => Buffer.from(text, "utf8").toString("base64url");

describe("pagination cursors", () => {
  it("decode to the position they were made from", () => {
    for (const position of [1, 7, 100, 123_456_789, Number.MAX_SAFE_INTEGER]) expect(decodeCursor(encodeCursor(position))).toBe(position);
  });

  it("refuse positions spelled any other way than plain decimal digits", () => {
    for (const text of ["r:1e2", "r:0x10", "r: 5", "r:5 ", "r:+5", "r:05", "r:5.0", "r:0", "r:-1", "r:", "r:1_000", "r:Infinity", "r:99999999999999999999"]) {
      expect(decodeCursor(wrap(text)), text).toBeNull();
    }
  });

  it("refuse foreign and non-canonical encodings", () => {
    expect(decodeCursor("bm90LWEtY3Vyc29y")).toBeNull();
    expect(decodeCursor(`${encodeCursor(5)}=`)).toBeNull();
    // "cjoxMA" is position 10; "cjoxMB" differs only in bits the decoder drops.
    expect(encodeCursor(10)).toBe("cjoxMA");
    expect(decodeCursor("cjoxMB")).toBeNull();
    expect(decodeCursor("")).toBeNull();
    expect(decodeCursor("r:5")).toBeNull();
  });
});
