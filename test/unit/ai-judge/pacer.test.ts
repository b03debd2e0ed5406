import { describe, expect, it } from "vitest";
import { JudgeCallError } from "../../../src/services/ai-judge/judge-port.js";
import { createPacer } from "../../../src/services/ai-judge/pacer.js";

describe("the pacer of a prescore run", () => {
  it("keeps at most `concurrency` requests in flight", async () => {
    const pacer = createPacer({ concurrency: 2 });
    const releases: (() => void)[] = [];
    let started = 0;
    const starts = [1, 2, 3].map(() => pacer.acquire().then((release) => (started++, releases.push(release))));
    await Promise.race([Promise.all(starts), new Promise((r) => setTimeout(r, 50))]);
    expect(started).toBe(2);
    releases[0]!();
    await Promise.all(starts);
    expect(started).toBe(3);
  });

  it("spaces request starts for requestsPerMinute, and holds them all during a pause", async () => {
    const pacer = createPacer({ concurrency: 10, requestsPerMinute: 600 });
    const at: number[] = [];
    const t0 = Date.now();
    await Promise.all([0, 1, 2].map(() => pacer.acquire().then((release) => (at.push(Date.now() - t0), release()))));
    // 600 a minute is one every 100 ms: the third starts no sooner than 200 ms after the first.
    expect(at[2]! - at[0]!).toBeGreaterThanOrEqual(195);
    const paused = Date.now();
    pacer.pauseFor(300);
    await pacer.acquire().then((release) => release());
    expect(Date.now() - paused).toBeGreaterThanOrEqual(295);
  });

  it("gives up a wait when the run stops", async () => {
    const pacer = createPacer({ concurrency: 1 });
    await pacer.acquire();
    const stop = new AbortController();
    const waiting = pacer.acquire(stop.signal);
    stop.abort();
    await expect(waiting).rejects.toBeInstanceOf(JudgeCallError);
  });
});
