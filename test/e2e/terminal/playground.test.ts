import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

/** Runs `npm start`'s entry point with line commands on stdin, as a script would. */
function play(dbPath: string, lines: string[], options: { demo?: boolean; env?: Record<string, string> } = {}) {
  // A database named by DATABASE_PATH gets the demo only when asked (`--demo`).
  const args = options.demo === false ? [] : ["--demo"];
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
    input: `${lines.join("\n")}\n`,
    env: {
      ...process.env,
      DATABASE_PATH: dbPath,
      SLACK_BOT_TOKEN: "",
      SLACK_SIGNING_SECRET: "",
      SLACK_APP_TOKEN: "",
      DISCORD_BOT_TOKEN: "",
      DISCORD_APPLICATION_ID: "",
      ...options.env,
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  return result;
}

/** The `pairwise` CLI on the same database, from source. */
function cli(dbPath: string, args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "src/cli/index.ts", ...args], {
    env: { ...process.env, DATABASE_PATH: dbPath },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("terminal playground (npm start without credentials)", () => {
  it("creates the demo on first run, records a vote with its rationale, and exits 0 at end of input", () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "pw-play-")), "play.db");
    const run = play(dbPath, [
      "next",
      "vote 2",
      "why Response 2 keeps the meaning in fewer words. --confidence 5 --flags other --score correctness=3,5",
      "stats",
      "next",
      "skip",
      "quit",
    ]);
    expect(run.stderr).not.toMatch(/Error|error:/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Demo: which answer follows the instruction better?");
    expect(run.stdout).toContain("You chose: Response 2");
    expect(run.stdout).toContain("rationale saved");
    expect(run.stdout).toContain("Judgments: 1");
    expect(run.stdout).toContain("Skipped");

    const db = new Database(dbPath, { readonly: true });
    const judgments = db
      .prepare(
        "SELECT j.choice, j.rationale, j.confidence, j.flags, j.rubric_scores, a.display_order FROM judgments j JOIN assignments a ON a.id = j.assignment_id",
      )
      .all() as Record<string, string>[];
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

  it("runs the issue's script: a changed answer, the guideline text, and the stats", () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "pw-play-")), "play.db");
    const run = play(dbPath, ["next", "vote 1", "vote 2", "guidelines", "stats"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("You chose: Response 1");
    expect(run.stdout).toContain("Changed to: Response 2");
    expect(run.stdout).not.toContain("No item is open");
    // The demo's guidelines in full, and its rubric's definitions.
    expect(run.stdout).toContain("Guidelines v1 · Demo: which answer follows the instruction better?");
    expect(run.stdout).toContain("Pick the response that follows the instruction better");
    expect(run.stdout).toContain("Correctness (correctness, scored 1–5): The answer is right and invents nothing.");
    expect(run.stdout).toContain("Judgments: 1");
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM judgments WHERE source = 'platform'").get()).toEqual({ n: 1 });
    db.close();
  });

  it("keeps `next` on the campaign named last instead of drifting back to the demo", () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "pw-play-")), "play.db");
    const dir = mkdtempSync(join(tmpdir(), "pw-play-c-"));
    const file = join(dir, "other.yaml");
    writeFileSync(file, "name: other\ntitle: Other campaign\nstatus: active\nguidelines: Prefer the shorter answer.\nqualificationGate: false\n");
    const items = join(dir, "items.jsonl");
    writeFileSync(
      items,
      [1, 2, 3].map((i) => JSON.stringify({ id: `o${i}`, prompt: `Other prompt ${i}`, response_a: `A${i}`, response_b: `B${i}` })).join("\n"),
    );
    expect(cli(dbPath, ["campaign", "create", file]).status).toBe(0);
    expect(cli(dbPath, ["import", "other", items]).status).toBe(0);
    const run = play(dbPath, ["next other", "skip", "next", "guidelines"]);
    expect(run.status).toBe(0);
    const shown = run.stdout.split("\n").filter((l) => l === "Demo: which answer follows the instruction better?" || l === "Other campaign");
    // The item, its skipped card, the next item: all of "other" (the demo lives in the playground's channel, so it used to win).
    expect(shown).toEqual(["Other campaign", "Other campaign", "Other campaign"]);
    expect(run.stdout).toContain("Prefer the shorter answer.");
  });

  it("adds the demo only to the default database or when asked", () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "pw-play-")), "lead.db");
    const run = play(dbPath, ["campaigns", "next"], { demo: false });
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain("Demo:");
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM campaigns").get()).toEqual({ n: 0 });
    db.close();
    // Asked for it from inside the playground: added, and `next` goes there.
    const asked = play(dbPath, ["demo", "next"], { demo: false });
    expect(asked.stdout).toContain('Added the demo campaign "demo"');
    expect(asked.stdout).toContain("Demo: which answer follows the instruction better?");
  });

  it("votes on channel posts and polls", () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "pw-play-")), "play.db");
    const run = play(dbPath, ["post demo", "vote 2", 'poll "Best name?" "Ada" "Grace"', "poll vote 1 2", "poll results 1"], {
      env: { PAIRWISE_LEADS: `terminal:${userInfo().username || "you"}` },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Recorded your vote: Response 2.");
    expect(run.stdout).toContain("→ poll vote 1 1  |  poll vote 1 2  |  poll close 1");
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare("SELECT question FROM polls").all()).toEqual([{ question: "Best name?" }]);
    expect(db.prepare("SELECT option FROM poll_votes").all()).toEqual([{ option: 1 }]);
    db.close();
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
