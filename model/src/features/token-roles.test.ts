import { describe, expect, it } from "vitest";
import { wordTokens } from "./text-rules.js";
import { tokenRoles } from "./token-roles.js";

const roles = (text: string) => {
  const tokens = wordTokens(text);
  const { negated, weight } = tokenRoles(tokens);
  return {
    negated: tokens.filter((_, t) => negated[t]),
    weaker: tokens.filter((_, t) => (weight[t] as number) < 1),
  };
};

describe("token roles", () => {
  it("a negator reaches the following words up to the next punctuation, function words excepted", () => {
    expect(roles("not bad at all, really").negated).toEqual(["bad"]);
  });

  it("a negator's scope is at most four words long", () => {
    expect(roles("I did not think the movie would be that good").negated).toEqual(["think", "movie"]);
  });

  it("contractions and typographic apostrophes negate like 'not'", () => {
    expect(roles("It isn’t good").negated).toEqual(["good"]);
    expect(roles("it is n't good").negated).toEqual(["good"]);
  });

  it("contractions typed without their apostrophe negate too", () => {
    expect(roles("It doesnt feel polished").negated).toEqual(["feel", "polished"]);
    expect(roles("I cant recommend it").negated).toEqual(["recommend"]);
  });

  it("'never been so' exclaims rather than negates", () => {
    expect(roles("I have never been so disappointed").negated).toEqual([]);
    expect(roles("I have never been good at this").negated).toEqual(["good"]);
  });

  it("'couldn't be more' and 'couldn't have been more' exclaim too", () => {
    expect(roles("The staff couldn't have been more attentive").negated).toEqual([]);
    expect(roles("I couldn't be more pleased").negated).toEqual([]);
    expect(roles("It doesn't have this problem").negated).toEqual(["problem"]);
    expect(roles("It couldn't have been worse").negated).toEqual(["worse"]);
  });

  it("a contrast word ends a negation", () => {
    expect(roles("not good but great").negated).toEqual(["good"]);
  });

  it("the clause before 'but' weighs less, within its sentence only", () => {
    expect(roles("Fine. The food was good, but the service was slow.").weaker).toEqual(["the", "food", "was", "good", ","]);
  });

  it("the clause after 'although' weighs less, up to its comma", () => {
    expect(roles("Although the room was small, we loved it").weaker).toEqual(["the", "room", "was", "small"]);
  });

  it("'yet' contrasts only after a comma or 'and'", () => {
    expect(roles("cheap, yet sturdy").weaker).toEqual(["cheap", ","]);
    expect(roles("the best one yet").weaker).toEqual([]);
  });
});

describe("intensity", () => {
  const weights = (text: string) => {
    const tokens = wordTokens(text);
    const { weight } = tokenRoles(tokens);
    return Object.fromEntries(tokens.map((w, t) => [w, weight[t]]));
  };

  it("an intensifier strengthens the next word", () => {
    expect(weights("a very rude waiter").rude).toBeGreaterThan(1);
  });

  it("a diminisher softens the next word", () => {
    expect(weights("a bit slow").slow).toBeLessThan(1);
  });

  it("intensity and contrast combine", () => {
    const w = weights("really slow but friendly");
    expect(w.slow).toBeGreaterThan(0);
    expect(w.slow).toBeLessThan(w.friendly as number);
  });
});
