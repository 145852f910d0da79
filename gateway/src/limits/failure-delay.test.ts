import { afterEach, describe, expect, it, vi } from "vitest";
import { FailureDelay, HELD_IN_ALL, HELD_PER_ADDRESS } from "./failure-delay.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("the delay of failed authentications", () => {
  it("answers a failure only once the delay has passed", async () => {
    vi.useFakeTimers();
    const delay = new FailureDelay(1_000);
    let answered = false;
    const held = delay.hold("198.51.100.1").then((delayed) => (answered = delayed));
    await vi.advanceTimersByTimeAsync(999);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await held;
    expect(answered).toBe(true);
    expect(delay.size()).toBe(0);
  });

  it("holds at most a bounded number of answers per address; the next is answered at once", async () => {
    vi.useFakeTimers();
    const delay = new FailureDelay(1_000);
    for (let i = 0; i < HELD_PER_ADDRESS; i += 1) void delay.hold("198.51.100.1");
    expect(await delay.hold("198.51.100.1")).toBe(false);
    // Another address is not affected by the first one's bound.
    const other = delay.hold("198.51.100.2");
    expect(delay.size()).toBe(HELD_PER_ADDRESS + 1);
    delay.releaseAll();
    expect(await other).toBe(true);
  });

  it("holds at most a bounded number of answers in all", async () => {
    vi.useFakeTimers();
    const delay = new FailureDelay(1_000);
    for (let i = 0; i < HELD_IN_ALL; i += 1) void delay.hold(`10.0.${Math.floor(i / 256)}.${i % 256}`);
    expect(await delay.hold("198.51.100.9")).toBe(false);
    delay.releaseAll();
    expect(delay.size()).toBe(0);
  });

  it("answers everything held at once when released (the gateway is stopping)", async () => {
    const delay = new FailureDelay(60_000);
    const held = [delay.hold("198.51.100.1"), delay.hold("198.51.100.2")];
    delay.releaseAll();
    expect(await Promise.all(held)).toEqual([true, true]);
  });

  it("does not hold anything when the delay is 0", async () => {
    expect(await new FailureDelay(0).hold("198.51.100.1")).toBe(false);
  });
});
