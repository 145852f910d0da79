import { describe, expect, it } from "vitest";
import { feedbackTarget } from "./feedback-target.js";

describe("the text a feedback is about", () => {
  it("is a stored review when only reviewId is given", () => {
    expect(feedbackTarget({ reviewId: "r1", text: null })).toEqual({ kind: "review", reviewId: "r1" });
  });

  it("is the given text when only text is given", () => {
    expect(feedbackTarget({ text: "Great phone" })).toEqual({ kind: "text", text: "Great phone" });
  });

  it("is refused when both or neither are given", () => {
    expect(feedbackTarget({ reviewId: "r1", text: "Great phone" }).kind).toBe("invalid");
    expect(feedbackTarget({}).kind).toBe("invalid");
  });
});
