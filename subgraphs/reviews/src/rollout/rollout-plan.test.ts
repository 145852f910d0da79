import { describe, expect, it } from "vitest";
import { planRollout, type RolloutState } from "./rollout-plan.js";

const loaded = { versions: ["a", "b", "c"], serving: "a" };
const nothingStored: RolloutState[] = [];

describe("planning a rollout change", () => {
  it("refuses a version the ML service has not loaded, naming the loaded ones", () => {
    expect(planRollout(nothingStored, { version: "z", mode: "CANARY", share: 10 }, loaded)).toEqual({
      refused: { field: "version", message: expect.stringContaining("loaded: a, b, c") },
    });
  });

  it("refuses a share outside 0 to 100 %", () => {
    for (const share of [-1, 100.5, Number.NaN]) expect(planRollout(nothingStored, { version: "b", mode: "SHADOW", share }, loaded)).toMatchObject({ refused: { field: "share" } });
  });

  it("refuses a canary or shadow without a share, and a share with SERVING or RETIRED", () => {
    expect(planRollout(nothingStored, { version: "b", mode: "CANARY", share: null }, loaded)).toMatchObject({ refused: { field: "share" } });
    expect(planRollout(nothingStored, { version: "b", mode: "RETIRED", share: 5 }, loaded)).toMatchObject({ refused: { field: "share" } });
  });

  it("refuses to take the serving version out of service without a successor", () => {
    expect(planRollout(nothingStored, { version: "a", mode: "RETIRED", share: null }, loaded)).toMatchObject({ refused: { field: "mode" } });
    const stored: RolloutState[] = [{ version: "b", mode: "SERVING", share: 100 }];
    expect(planRollout(stored, { version: "b", mode: "CANARY", share: 50 }, loaded)).toMatchObject({ refused: { field: "mode" } });
  });

  it("promotes in one step: the version that served retires", () => {
    expect(planRollout(nothingStored, { version: "b", mode: "SERVING", share: null }, loaded)).toEqual({
      writes: [
        { version: "b", mode: "SERVING", share: 100 },
        { version: "a", mode: "RETIRED", share: 0 },
      ],
    });
  });

  it("refuses a state with two serving versions", () => {
    const broken: RolloutState[] = [
      { version: "a", mode: "SERVING", share: 100 },
      { version: "b", mode: "SERVING", share: 100 },
    ];
    expect(planRollout(broken, { version: "c", mode: "SERVING", share: null }, loaded)).toMatchObject({ refused: { field: "mode", message: expect.stringContaining("two versions would serve") } });
  });

  it("refuses canaries that would answer more than every caller", () => {
    const stored: RolloutState[] = [{ version: "b", mode: "CANARY", share: 60 }];
    expect(planRollout(stored, { version: "c", mode: "CANARY", share: 50 }, loaded)).toMatchObject({ refused: { field: "share", message: expect.stringContaining("110 %") } });
    expect(planRollout(stored, { version: "b", mode: "CANARY", share: 90 }, loaded)).toEqual({ writes: [{ version: "b", mode: "CANARY", share: 90 }] });
  });

  it("compares canary shares to a hundredth: 0.2 % + 83.9 % + 15.9 % make 100 %, not more", () => {
    const stored: RolloutState[] = [
      { version: "b", mode: "CANARY", share: 0.2 },
      { version: "c", mode: "CANARY", share: 83.9 },
    ];
    expect(planRollout(stored, { version: "d", mode: "CANARY", share: 15.9 }, { versions: ["a", "b", "c", "d"], serving: "a" })).toEqual({ writes: [{ version: "d", mode: "CANARY", share: 15.9 }] });
    expect(planRollout(stored, { version: "d", mode: "CANARY", share: 15.91 }, { versions: ["a", "b", "c", "d"], serving: "a" })).toMatchObject({ refused: { field: "share", message: expect.stringContaining("100.01 %") } });
  });

  it("stores a share to a hundredth, and refuses one above 0 that rounds to none", () => {
    expect(planRollout(nothingStored, { version: "b", mode: "CANARY", share: 12.3456 }, loaded)).toEqual({ writes: [{ version: "b", mode: "CANARY", share: 12.35 }] });
    expect(planRollout(nothingStored, { version: "b", mode: "CANARY", share: 0.004 }, loaded)).toMatchObject({ refused: { field: "share", message: expect.stringContaining("below 0.01") } });
    expect(planRollout(nothingStored, { version: "b", mode: "CANARY", share: 0 }, loaded)).toEqual({ writes: [{ version: "b", mode: "CANARY", share: 0 }] });
  });

  it("retires a stored version the ML service no longer has loaded, which frees its canary share", () => {
    const stored: RolloutState[] = [{ version: "gone", mode: "CANARY", share: 90 }];
    expect(planRollout(stored, { version: "gone", mode: "RETIRED", share: null }, loaded)).toEqual({ writes: [{ version: "gone", mode: "RETIRED", share: 0 }] });
    expect(planRollout(stored, { version: "gone", mode: "CANARY", share: 10 }, loaded)).toMatchObject({ refused: { field: "version" } });
    expect(planRollout(nothingStored, { version: "gone", mode: "RETIRED", share: null }, loaded)).toMatchObject({ refused: { field: "version" } });
  });
});
