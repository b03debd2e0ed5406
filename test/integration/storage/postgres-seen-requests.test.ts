import { afterEach, describe, expect, it } from "vitest";
import { RememberedRequests } from "../../../src/services/remembered-requests.js";
import { claimSeenRequest, deleteExpiredSeenRequests, insertSeenRequests, liveSeenRequests } from "../../../src/storage/repos/seen-requests.repo.js";
import { coreKeeper, DIALECTS } from "./pipeline/dialects.js";

/*
 * Replay protection kept in the database, on SQLite and PostgreSQL: keys recorded with their
 * expiry, read back while live, dropped once expired; and the claim replicas sharing one database
 * make, of which exactly one wins per live key, however many are made at the same moment.
 */

const cores = coreKeeper();
afterEach(() => cores.closeAll());

describe.each(DIALECTS)("seen requests on %s", (_name, factory) => {
  it("records keys (the later expiry kept), reads back the live ones, and drops the expired", async () => {
    const core = await cores.make(factory);
    const db = core.services.db;
    await insertSeenRequests(db, [
      { key: "a", expiresAt: 2000 },
      { key: "b", expiresAt: 1000 },
    ]);
    await insertSeenRequests(db, [
      { key: "a", expiresAt: 1500 },
      { key: "b", expiresAt: 3000 },
      { key: "c", expiresAt: 2500 },
    ]);
    expect(await liveSeenRequests(db, 0)).toEqual([
      { key: "a", expiresAt: 2000 },
      { key: "c", expiresAt: 2500 },
      { key: "b", expiresAt: 3000 },
    ]);
    expect(await liveSeenRequests(db, 2000)).toEqual([
      { key: "c", expiresAt: 2500 },
      { key: "b", expiresAt: 3000 },
    ]);
    await deleteExpiredSeenRequests(db, 2500);
    expect(await liveSeenRequests(db, 0)).toEqual([{ key: "b", expiresAt: 3000 }]);
  });

  it("remembers served requests across a restart until they expire (the replay guard's memory)", async () => {
    const core = await cores.make(factory);
    const now = core.clock.now().getTime();
    const first = await RememberedRequests.load(core.services);
    expect(first.firstTime("sig-1", now + 60_000)).toBe(true);
    expect(first.firstTime("sig-1", now + 60_000)).toBe(false);
    expect(first.firstTime("sig-2", now + 120_000)).toBe(true);
    await first.stop();
    const restarted = await RememberedRequests.load(core.services);
    expect(restarted.firstTime("sig-1", now + 60_000)).toBe(false);
    core.clock.advance(90_000);
    const later = await RememberedRequests.load(core.services);
    expect(later.firstTime("sig-1", now + 150_000)).toBe(true);
    expect(later.firstTime("sig-2", now + 120_000)).toBe(false);
    await later.stop();
    expect((await liveSeenRequests(core.services.db, core.clock.now().getTime())).map((r) => r.key)).toEqual(["sig-2", "sig-1"]);
  });

  it("claimSeenRequest: the first claim of a live key wins, once, however many replicas claim it at the same moment", async () => {
    const core = await cores.make(factory);
    const db = core.services.db;
    const claims = await Promise.all(Array.from({ length: 8 }, () => claimSeenRequest(db, "k", 2000, 1000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimSeenRequest(db, "k", 2500, 1999)).toBe(false);
    // Expired: claimed afresh, with the new expiry, and again by one claimant only.
    const again = await Promise.all(Array.from({ length: 4 }, () => claimSeenRequest(db, "k", 4000, 2000)));
    expect(again.filter(Boolean)).toHaveLength(1);
    expect(await liveSeenRequests(db, 0)).toEqual([{ key: "k", expiresAt: 4000 }]);
    expect(await claimSeenRequest(db, "other", 4000, 2000)).toBe(true);
  });
});
