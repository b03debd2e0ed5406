import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importComparisons } from "../../../src/services/import-comparisons.js";
import { closeDatabase } from "../../../src/storage/database.js";
import { fakeJudge, judgedCampaign, lengthJudge, prescore } from "../../helpers/ai-judge.js";
import { createTestCore, seedCampaign } from "../../helpers/core.js";

const ME = userInfo().username || "you";
const dir = mkdtempSync(join(tmpdir(), "pw-judge-review-"));
const dbPath = join(dir, "lead.db");

beforeAll(async () => {
  // A lead's database: the PandaLM slice with its three human labels, pre-scored by a scripted judge.
  const core = createTestCore({ databasePath: dbPath });
  await seedCampaign(core, judgedCampaign(""));
  await importComparisons(core.services, { campaign: "c", path: "test/fixtures/pandalm/testset-v1-idx200-239.json" });
  const server = await fakeJudge({ respond: lengthJudge });
  try {
    await prescore(core, server);
  } finally {
    await server.close();
    closeDatabase(core.services.db);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The playground (`npm start` without credentials) on that database, with line commands on stdin. */
function play(lines: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
    input: `${lines.join("\n")}\n`,
    env: {
      ...process.env,
      DATABASE_PATH: dbPath,
      SLACK_BOT_TOKEN: "",
      SLACK_SIGNING_SECRET: "",
      SLACK_APP_TOKEN: "",
      DISCORD_BOT_TOKEN: "",
      DISCORD_APPLICATION_ID: "",
    },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("reviewing the AI judge's disagreements in the terminal playground", () => {
  it("goes from the judge report to the pairs one at a time, and stores the lead's side as the adjudication", () => {
    // The person at the terminal leads what is in its database (domain/lead-rights.ts); chat leads are tested in test/integration/ai-judge/judge-review.test.ts.
    const run = play(["report c judge", "review", "skip", "judge", "humans", "quit"]);
    expect(run.stderr).not.toMatch(/Error|error:/);
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toContain("The judge disagrees with a confident human majority on 15 pairs");
    expect(out).toContain("→ review");
    expect(out).toContain("Pair 1 of 15 · 0 decided");
    expect(out).toContain("→ humans  |  judge  |  skip");
    expect(out).toContain("Pair 2 of 15 · 0 decided");
    expect(out).toContain("Recorded the judge's answer");
    expect(out).toContain("Pair 3 of 15 · 1 decided");
    expect(out).toContain("Recorded the humans' answer");
    expect(out).toContain("Pair 4 of 15 · 2 decided");

    const db = new Database(dbPath, { readonly: true });
    const rows = db.prepare("SELECT reason, status, resolved_by AS lead FROM adjudications ORDER BY id").all();
    db.close();
    expect(rows).toEqual([
      { reason: "judge", status: "resolved", lead: `terminal:${ME}` },
      { reason: "judge", status: "resolved", lead: `terminal:${ME}` },
    ]);

    // The command starts again at the first open pair: the one skipped.
    const again = play(["adjudicate c judge", "quit"]);
    expect(again.stdout).toContain("Pair 1 of 15 · 2 decided");
  });

  it("is named by the CLI's judge report", () => {
    const cli = spawnSync(process.execPath, ["--import", "tsx", "src/cli/index.ts", "report", "c", "judge"], {
      env: { ...process.env, DATABASE_PATH: dbPath },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain("Pairs to review (judge vs a confident human majority):");
    expect(cli.stdout).toContain("`/pairwise adjudicate c judge`");
  });
});
