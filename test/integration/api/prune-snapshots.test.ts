import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runExport } from "../../../src/io/export/run-export.js";
import { castVote } from "../../../src/services/cast-vote.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { pruneSnapshotFiles } from "../../../src/services/api/prune-snapshots.js";
import { createSnapshot, recordSnapshot } from "../../../src/services/api/snapshots.js";
import { findSnapshot } from "../../../src/storage/repos/snapshots.repo.js";
import { runCli } from "../../helpers/cli.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";

const DAY = 86_400_000;

describe("removing old snapshots' files", () => {
  it("removes the API's snapshot folders made before the cut, keeps their records, and never touches files exported elsewhere", async () => {
    const core = createTestCore();
    const campaign = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: 1");
    seedComparisons(core, campaign.id, 3, { overlap: 1 });
    const who = { platform: "slack", workspaceId: "T1", userId: "U1" };
    for (let i = 0; i < 3; i++) {
      const a = await nextAssignment(core.services, { campaign: "c", annotator: who });
      core.clock.advance(30_000);
      await castVote(core.services, { annotator: who, assignmentId: a.assignment.id, choice: "1" });
    }
    const snapshotsDir = mkdtempSync(join(tmpdir(), "pw-prune-"));
    const old = await createSnapshot(core.services, { campaign: "c", options: { format: "trl" }, dir: snapshotsDir });
    // A CLI export written elsewhere is a snapshot too, but its file is the user's.
    const mine = join(mkdtempSync(join(tmpdir(), "pw-mine-")), "train.jsonl");
    const result = await runExport(core.services, { campaign: "c", format: "trl", out: mine });
    await recordSnapshot(core.services, { campaign: "c", options: { format: "trl" }, result });
    core.clock.advance(40 * DAY);
    const recent = await createSnapshot(core.services, { campaign: "c", options: { format: "raw" }, dir: snapshotsDir });
    const before = new Date(core.clock.now().getTime() - 30 * DAY);

    const dry = await pruneSnapshotFiles(core.services, { snapshotsDir, before, dryRun: true });
    expect(dry.removed.map((s) => s.id)).toEqual([old.view.id]);
    expect(dry.bytes).toBeGreaterThan(0);
    expect(existsSync(join(snapshotsDir, old.view.id))).toBe(true);

    const done = await pruneSnapshotFiles(core.services, { snapshotsDir, before });
    expect(done).toMatchObject({ removed: [{ id: old.view.id, campaign: "c" }], elsewhere: 1, alreadyGone: 0 });
    expect(existsSync(join(snapshotsDir, old.view.id))).toBe(false);
    expect(existsSync(join(snapshotsDir, recent.view.id))).toBe(true);
    expect(existsSync(mine)).toBe(true);
    // The record stays: id and hash still trace a model to its data.
    expect((await findSnapshot(core.services.db, old.view.id))?.row.sha256).toBe(old.view.sha256);
    expect(await pruneSnapshotFiles(core.services, { snapshotsDir, before })).toMatchObject({ removed: [], alreadyGone: 1, elsewhere: 1 });
  });

  it("the CLI takes whole days and says so otherwise", async () => {
    const r = await runCli(["snapshot", "prune", "--older-than", "soon"], { DATABASE_PATH: join(mkdtempSync(join(tmpdir(), "pw-cli-")), "x.db") });
    expect(r.error).toContain('--older-than takes a whole number of days, such as 30; got "soon"');
    const ok = await runCli(["snapshot", "prune", "--older-than", "30", "--dry-run"], { DATABASE_PATH: join(mkdtempSync(join(tmpdir(), "pw-cli-")), "x.db") });
    expect(ok.error).toBeUndefined();
    expect(ok.err).toContain("Would remove the files of 0 snapshots older than 30 days (0.0 MB)");
  });
});
