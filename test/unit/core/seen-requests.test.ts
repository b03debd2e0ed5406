import { describe, expect, it } from "vitest";
import { ExpiringKeys } from "../../../src/core/seen-requests.js";

describe("the replay guard's memory", () => {
  it("refuses a key until it expires, then takes it again", () => {
    let now = 1000;
    const keys = new ExpiringKeys(() => now, 10);
    expect(keys.firstTime("a", 2000)).toBe(true);
    expect(keys.firstTime("a", 2000)).toBe(false);
    now = 2000;
    expect(keys.firstTime("a", 3000)).toBe(true);
  });

  it("never holds more than its capacity, dropping expired keys first and then the oldest", () => {
    let now = 0;
    const keys = new ExpiringKeys(() => now, 100);
    for (let i = 0; i < 1000; i++) keys.firstTime(`live-${i}`, 1_000_000);
    expect(keys.size).toBe(100);
    // The newest are kept: a replay of a recent request is still refused.
    expect(keys.firstTime("live-999", 1_000_000)).toBe(false);
    now = 2_000_000;
    keys.firstTime("later", 3_000_000);
    expect(keys.size).toBe(1);
  });
});
