import { createLogger, type Identity } from "@sentiment/platform";
import { describe, expect, it } from "vitest";
import { CallerNumbers } from "./caller-numbers.js";

/** The reads a CallerNumbers makes, answered by `answer` (a number, or an error as when reviews is down). */
function reviews(answer: (subject: string) => number | Error) {
  const reads: string[] = [];
  const read = async (identity: Identity) => {
    reads.push(identity.subject);
    const outcome = answer(identity.subject);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  return { read, reads };
}

const caller = (subject: string): Identity => ({ subject, role: "reader" });
const logger = createLogger("ml", "silent");

describe("callers' numbers", () => {
  it("after a failed read, answer callers without a number at once with none, without asking the reviews service, for the back-off", async () => {
    const down = reviews(() => new Error("HTTP 503 without a number"));
    const numbers = new CallerNumbers(down.read, logger, 100, 60_000);
    expect(await numbers.numberOf(caller("first"))).toBeNull();
    expect(await numbers.numberOf(caller("second"))).toBeNull();
    expect(await numbers.numberOf(caller("third"))).toBeNull();
    expect(down.reads).toEqual(["first"]);
  });

  it("read again once the back-off has passed, and remember a number read", async () => {
    let up = false;
    const flaky = reviews(() => (up ? 7 : new Error("HTTP 503 without a number")));
    const numbers = new CallerNumbers(flaky.read, logger, 100, 0);
    expect(await numbers.numberOf(caller("first"))).toBeNull();
    up = true;
    expect(await numbers.numberOf(caller("first"))).toBe(7);
    expect(numbers.numberOf(caller("first"))).toBe(7);
    expect(flaky.reads).toEqual(["first", "first"]);
  });

  it("read a caller once while its read is under way", async () => {
    const up = reviews((subject) => (subject === "first" ? 1 : 2));
    const numbers = new CallerNumbers(up.read, logger);
    expect(await Promise.all([numbers.numberOf(caller("first")), numbers.numberOf(caller("first")), numbers.numberOf(caller("second"))])).toEqual([1, 1, 2]);
    expect(up.reads).toEqual(["first", "second"]);
  });
});
