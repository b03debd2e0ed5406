import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

/** Runs `npm start`'s entry point with line commands on stdin, as a script would. */
function play(dbPath: string, lines: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
    input: `${lines.join("\n")}\n`,
    env: { ...process.env, DATABASE_PATH: dbPath, SLACK_BOT_TOKEN: "", SLACK_SIGNING_SECRET: "", SLACK_APP_TOKEN: "", DISCORD_BOT_TOKEN: "", DISCORD_APPLICATION_ID: "" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return result;
}

describe("terminal playground (npm start without credentials)", () => {
  it("creates the demo on first run, records a vote with its rationale, and exits 0 at end of input", () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "pw-play-")), "play.db");
    const run = play(dbPath, ["next", "vote 2", "why Response 2 keeps the meaning in fewer words. --confidence 5 --flags other --score correctness=3,5", "stats", "next", "skip", "quit"]);
    expect(run.stderr).not.toMatch(/Error|error:/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Demo: which answer follows the instruction better?");
    expect(run.stdout).toContain("You chose: Response 2");
    expect(run.stdout).toContain("rationale saved");
    expect(run.stdout).toContain("Judgments: 1");
    expect(run.stdout).toContain("Skipped");

    const db = new Database(dbPath, { readonly: true });
    const judgments = db.prepare("SELECT j.choice, j.rationale, j.confidence, j.flags, j.rubric_scores, a.display_order FROM judgments j JOIN assignments a ON a.id = j.assignment_id").all() as Record<string, string>[];
    expect(judgments).toHaveLength(1);
    const j = judgments[0]!;
    expect(j.choice).toBe(j.display_order === "ab" ? "b" : "a");
    expect(j.rationale).toBe("Response 2 keeps the meaning in fewer words.");
    expect(j.confidence).toBe(5);
    expect(JSON.parse(j.flags!)).toEqual(["other"]);
    const second = j.display_order === "ab" ? "b" : "a";
    expect(JSON.parse(j.rubric_scores!).correctness[second]).toBe(5);
    // The demo's items carry PandaLM's three published labels as imported judgments.
    expect(db.prepare("SELECT count(*) AS n FROM judgments WHERE source = 'import'").get()).toEqual({ n: 59 * 3 });
    db.close();

    // A second run finds the demo and keeps the earlier vote.
    const again = play(dbPath, ["stats"]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("Judgments: 1");
  });

  it("answers bad lines clearly without stopping", () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "pw-play-")), "play.db");
    const run = play(dbPath, ["vote 1", "vote 7", "why no vote yet", "full 3", "frobnicate", "next", "vote tie"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("No item is open. Type `next` first.");
    expect(run.stdout).toContain("Say which: `vote 1`, `vote 2`, `vote tie` or `vote bad`.");
    expect(run.stdout).toContain("Vote first");
    expect(run.stdout).toContain("There is no `frobnicate` command");
    expect(run.stdout).toContain("You chose: Tie");
  });
});
