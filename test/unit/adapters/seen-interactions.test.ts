import { describe, expect, it } from "vitest";
import { SeenInteractions } from "../../../adapters/discord/seen-interactions.js";

describe("interactions replayed by a gateway resume", () => {
  it("are taken once within the TTL, and again after it", () => {
    const seen = new SeenInteractions(1000);
    expect(seen.firstTime("1", 0)).toBe(true);
    expect(seen.firstTime("1", 500)).toBe(false);
    expect(seen.firstTime("2", 500)).toBe(true);
    expect(seen.firstTime("1", 1500)).toBe(true);
  });
});
