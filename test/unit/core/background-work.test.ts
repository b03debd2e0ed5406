import { describe, expect, it } from "vitest";
import { BackgroundWork } from "../../../src/core/background-work.js";

describe("BackgroundWork", () => {
  it("idle waits for tracked work and for work it starts", async () => {
    const work = new BackgroundWork();
    const done: string[] = [];
    let releaseFirst!: () => void;
    const first = new Promise<void>((resolve) => (releaseFirst = resolve)).then(() => {
      done.push("first");
      void work.track(Promise.resolve().then(() => done.push("second")));
    });
    void work.track(first);
    const idle = work.idle();
    expect(work.size).toBe(1);
    releaseFirst();
    await expect(idle).resolves.toBe(true);
    expect(done).toEqual(["first", "second"]);
    expect(work.size).toBe(0);
  });

  it("forgets failed work, and idle with a time limit says false when work outlives it", async () => {
    const work = new BackgroundWork();
    await work.track(Promise.reject(new Error("x"))).catch(() => undefined);
    expect(work.size).toBe(0);
    void work.track(new Promise(() => undefined));
    await expect(work.idle(5)).resolves.toBe(false);
  });
});
