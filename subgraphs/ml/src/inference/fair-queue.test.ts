import { describe, expect, it } from "vitest";
import { FairQueue, ROUND } from "./fair-queue.js";

/** Items are named by their caller and number; an item's work is its `work`. */
interface Item {
  name: string;
  work: number;
}
const items = (prefix: string, count: number, work = 100): Item[] => Array.from({ length: count }, (_, i) => ({ name: `${prefix}${i}`, work }));
const queue = () => new FairQueue<Item>((item) => item.work);
const drain = (q: FairQueue<Item>, count = Number.POSITIVE_INFINITY): string[] => {
  const served: string[] = [];
  while (served.length < count && q.size > 0) served.push((q.shift() as Item).name);
  return served;
};

describe("fair queue of model work", () => {
  it("counts each caller's waiting items over all its requests, as they are pushed and served", () => {
    const q = queue();
    q.push("a", {}, items("a", 3));
    q.push("a", {}, items("x", 2));
    q.push("b", {}, items("b", 1));
    expect([q.waitingOf("a"), q.waitingOf("b"), q.waitingOf("c")]).toEqual([5, 1, 0]);
    drain(q);
    expect([q.waitingOf("a"), q.waitingOf("b")]).toEqual([0, 0]);
  });

  it("drops the requests of a caller that are gone, and only those, keeping its count and the others' order", () => {
    const q = queue();
    const goneRequest = {};
    q.push("a", goneRequest, items("gone", 3));
    q.push("a", {}, items("kept", 2));
    q.push("b", {}, items("b", 2));
    const dropped = q.dropRequests("a", (item) => item.name.startsWith("gone"));
    expect(dropped.map((i) => i.name)).toEqual(["gone0", "gone1", "gone2"]);
    expect([q.size, q.waitingOf("a"), q.callerCount]).toEqual([4, 2, 2]);
    expect(drain(q).sort()).toEqual(["b0", "b1", "kept0", "kept1"]);
  });

  it("drops a request part-served, and tags the caller's next work from where its remaining work ends", () => {
    const q = queue();
    for (let r = 0; r < 4; r += 1) q.push("busy", {}, items(`busy${r}.`, 50, 5_040));
    const gone = {};
    q.push("x", gone, items("gone", 60, 5_040));
    drain(q, 3);
    expect(q.dropRequests(null, (item) => item.name.startsWith("gone")).length).toBeGreaterThan(0);
    expect(q.waitingOf("x")).toBe(0);
    q.push("x", {}, items("retry", 1, 140));
    expect(q.shift()?.name).toBe("retry0");
  });

  it("serves a caller that starts waiting next, ahead of the backlog of the others", () => {
    const q = queue();
    for (const caller of ["a", "b", "c"]) q.push(caller, {}, items(caller, 50, 5_040));
    drain(q, 10);
    q.push("small", {}, items("small", 1, 140));
    expect(q.shift()?.name).toBe("small0");
  });

  it("finishes one batch before starting another of the same standing, so that batches end one by one", () => {
    const q = queue();
    q.push("a", {}, items("a", 3));
    q.push("b", {}, items("b", 3));
    expect(drain(q)).toEqual(["a0", "a1", "a2", "b0", "b1", "b2"]);
  });

  it("gives callers that keep sending equal shares of work, whatever the size of their requests", () => {
    const q = queue();
    const served = new Map<string, number>();
    // Each caller has one request waiting at all times and sends the next when it is served:
    // "big" sends 50 texts of 5,000 characters, "small" 2 of 200.
    const senders = { big: () => items("big", 50, 5_040), small: () => items("small", 2, 240) };
    const open = new Map<string, number>();
    for (const [caller, make] of Object.entries(senders)) {
      const batch = make();
      q.push(caller, {}, batch);
      open.set(caller, batch.length);
    }
    for (let i = 0; i < 20_000; i += 1) {
      const item = q.shift() as Item;
      const caller = item.name.startsWith("big") ? "big" : "small";
      served.set(caller, (served.get(caller) ?? 0) + item.work);
      open.set(caller, (open.get(caller) as number) - 1);
      if (open.get(caller) === 0) {
        const batch = senders[caller]();
        q.push(caller, {}, batch);
        open.set(caller, batch.length);
      }
    }
    const [big, small] = [served.get("big") as number, served.get("small") as number];
    // Equal to within a round and the big request under way when counting stopped.
    expect(Math.abs(big - small)).toBeLessThanOrEqual(ROUND + 50 * 5_040);
    expect(big + small).toBeGreaterThan(20 * 50 * 5_040);
  });

  it("gives a caller of many requests in flight no more than one caller's share, round by round", () => {
    const q = queue();
    // Texts of 10,000 characters' work: a round holds about 26.
    for (let r = 0; r < 20; r += 1) q.push("many", {}, items(`many${r}-`, 5, 10_000));
    q.push("one", {}, items("one", 100, 10_000));
    const served = drain(q, 104);
    expect(served.filter((n) => n.startsWith("one")).length).toBeGreaterThanOrEqual(45);
    expect(served.filter((n) => n.startsWith("many")).length).toBeGreaterThanOrEqual(45);
  });

  it("serves the items of one request in their order", () => {
    const q = queue();
    const request = {};
    q.push("a", request, items("x", 2));
    q.push("a", request, items("y", 2));
    expect(drain(q)).toEqual(["x0", "x1", "y0", "y1"]);
  });

  it("does not let a caller jump the queue by sending its batch as many requests one after another", () => {
    const q = queue();
    q.push("patient", {}, items("p", 100, 10_000));
    const served: string[] = [];
    // The impatient caller sends one text, waits for it, sends the next: 100 texts in all.
    for (let i = 0; i < 100; i += 1) {
      q.push("impatient", {}, items(`i${i}-`, 1, 10_000));
      served.push(...drain(q, 1));
    }
    expect(served.filter((n) => n.startsWith("p")).length).toBeGreaterThanOrEqual(45);
  });

  it("counts the callers with work waiting", () => {
    const q = queue();
    q.push("a", {}, items("a", 1));
    q.push("a", {}, items("a", 1));
    q.push("b", {}, items("b", 1));
    expect(q.callerCount).toBe(2);
    drain(q);
    expect(q.callerCount).toBe(0);
  });

  it("peeks at the item it would serve next without serving it", () => {
    const q = queue();
    q.push("a", {}, items("a", 1));
    q.push("b", {}, items("b", 1, 10));
    expect(q.peek()?.name).toBe(q.shift()?.name);
    expect(q.size).toBe(1);
  });
});
