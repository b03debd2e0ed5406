import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { ASSIGNMENT_ID_BLOCK, ensureAssignmentIds, takeAssignmentId } from "../../../src/storage/repos/assignment-ids.js";
import { openDatabase } from "../../../src/storage/database.js";
import { groupCommit } from "../../../src/storage/group-commit.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";

const who = (id: string) => ({ platform: "slack", workspaceId: "T1", userId: id });
const CAMPAIGN = "name: c\nstatus: active\nguidelines: Pick the better one.\ngoldRate: 0\nqualificationGate: false\n";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("assignment ids", () => {
  it("come from a reserved block, so ids lost with an unsynced tail are never handed out again", async () => {
    dir = mkdtempSync(join(tmpdir(), "pairwise-ids-"));
    const path = join(dir, "p.db");
    const first = createTestCore({ databasePath: path });
    const c = await seedCampaign(first, CAMPAIGN);
    seedComparisons(first, c.id, 5, { overlap: 5 });
    const handed: number[] = [];
    for (const u of ["U1", "U2", "U3"]) handed.push((await nextAssignment(first.services, { campaign: "c", annotator: who(u) })).assignment.id);
    expect(handed).toEqual([1, 2, 3]);
    // A power cut loses the newest, unsynced assignments: their rows vanish, the reservation
    // (committed with an fsync before any id of it was used) stays.
    first.services.db.$client.prepare("DELETE FROM assignments WHERE id >= 2").run();
    first.services.db.$client.close();

    const again = createTestCore({ databasePath: path });
    const next = (await nextAssignment(again.services, { campaign: "c", annotator: who("U4") })).assignment.id;
    // Not 2: a card on someone's screen may still carry id 2 or 3.
    expect(next).toBe(ASSIGNMENT_ID_BLOCK + 1);
    again.services.db.$client.close();
  });

  it("two processes sharing the file reserve different blocks", async () => {
    dir = mkdtempSync(join(tmpdir(), "pairwise-ids-"));
    const path = join(dir, "p.db");
    const bot = openDatabase(path);
    const cli = openDatabase(path);
    await ensureAssignmentIds(bot);
    await ensureAssignmentIds(cli);
    const a = takeAssignmentId(bot);
    const b = takeAssignmentId(cli);
    expect(Math.abs(a - b)).toBeGreaterThanOrEqual(ASSIGNMENT_ID_BLOCK);
    bot.$client.close();
    cli.$client.close();
  });

  it("a block that runs out is followed by a new one, past every id in the table", async () => {
    const core = createTestCore();
    const db = core.services.db;
    await ensureAssignmentIds(db);
    const ids = new Set<number>();
    for (let i = 0; i < ASSIGNMENT_ID_BLOCK; i++) ids.add(takeAssignmentId(db));
    expect(() => takeAssignmentId(db)).toThrow(/ensureAssignmentIds/);
    await ensureAssignmentIds(db);
    const next = takeAssignmentId(db);
    expect(ids.has(next)).toBe(false);
    expect(next).toBe(ASSIGNMENT_ID_BLOCK + 1);
  });

  it("a reservation undone with the savepoint that made it is not used: after a power cut no id goes to two people", async () => {
    dir = mkdtempSync(join(tmpdir(), "pairwise-ids-"));
    const path = join(dir, "p.db");
    const first = createTestCore({ databasePath: path });
    const c = await seedCampaign(first, CAMPAIGN);
    seedComparisons(first, c.id, 5, { overlap: 5 });
    const db = first.services.db;
    // A piece of a group commit reserves a block (as a channel vote does), then fails: its
    // savepoint rolls back, and the reservation with it.
    await expect(
      groupCommit(db).run(async () => {
        await ensureAssignmentIds(db);
        throw new Error("the vote was refused");
      }),
    ).rejects.toThrow("the vote was refused");
    const handed = (await nextAssignment(first.services, { campaign: "c", annotator: who("U1") })).assignment.id;
    // A power cut loses the unsynced assignment; only fsynced reservations survive it.
    db.$client.prepare("DELETE FROM assignments").run();
    db.$client.close();

    const again = createTestCore({ databasePath: path });
    const next = (await nextAssignment(again.services, { campaign: "c", annotator: who("U2") })).assignment.id;
    expect(next).not.toBe(handed);
    again.services.db.$client.close();
  });
});
