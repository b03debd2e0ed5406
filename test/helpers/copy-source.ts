import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeDatabase } from "../../src/storage/database.js";
import { answerAll } from "./answer-all.js";
import { runCli } from "./cli.js";
import { createTestCore, seedCampaign, seedComparisons } from "./core.js";

const CAMPAIGN =
  "name: votes\ntitle: Helpfulness\nstatus: active\nguidelines: Pick the more helpful response.\ngoldRate: 0\noverlap: 3\nqualificationGate: false\npeerReviewRate: 0";

/**
 * A Pairwise SQLite database as a deployment has one, in a file of its own: PandaLM items with
 * their three annotators' judgments imported through the CLI, a campaign three Slack people voted
 * through (assignments, judgments, display orders), and rows of the tables votes do not reach, with
 * the values a copy must carry exactly: booleans, fractions that are not round in binary, empty and
 * NULL text, quotes, newlines and characters outside ASCII.
 */
export async function buildCopySource(options: { pandalmRows?: number } = {}): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), "pw-copy-")), "pairwise.db");
  const core = createTestCore({ databasePath: path });
  const campaign = await seedCampaign(core, CAMPAIGN);
  await seedCampaign(core, CAMPAIGN.replace("name: votes", "name: pandalm"));
  await seedComparisons(core, campaign.id, 12, {
    text: (i) => ({ a: i % 3 === 0 ? "" : `Réponse A «${i}» with "quotes"\nand a second line 🙂`, b: `B ${i}\ttab` }),
  });
  for (const [i, userId] of ["U1", "U2", "U3"].entries()) {
    const answers = ["a", "b", "tie"] as const;
    await answerAll(core, "votes", { platform: "slack", workspaceId: "T1", userId }, () => answers[i]!);
  }
  const sqlite = core.services.db.$client;
  sqlite.exec(`
    INSERT INTO polls (platform, workspace_id, channel_id, message_id, creator_user_id, question, options, anonymous, hidden, multi, closes_at, status, salt, created_at)
    VALUES ('slack', 'T1', 'C1', '1700000000.000100', 'U1', 'Which subject line?', '["Short","Long"]', 0, 1, 0, 1767600000000, 'open', NULL, 1767500000000),
           ('discord', '*', 'D9', NULL, 'U2', '', '["x","y","z"]', 1, 0, 1, 1767700000000, 'posting', 'c2FsdA', 1767500000001);
    INSERT INTO poll_votes (poll_id, voter_user_id, option, created_at) VALUES (1, 'U1', 0, 1767500001000), (1, 'U2', 1, 1767500002000), (1, 'u1', 1, 1767500003000);
    INSERT INTO poll_tallies (poll_id, option, count) VALUES (2, 0, 3), (2, 2, 1);
    INSERT INTO poll_voters (poll_id, voter_hash) VALUES (2, 'b'), (2, 'B'), (2, 'a'), (2, 'é');
    INSERT INTO annotator_weekly (campaign_id, annotator_id, week_start, judgments, agreement, gold_answered, gold_accuracy)
    VALUES (${campaign.id}, 1, 1767571200000, 12, 0.30000000000000004, 0, NULL), (${campaign.id}, 2, 1767571200000, 12, 1e-300, 3, 0.6666666666666666);
    UPDATE annotators SET leaderboard_opt_out = 1 WHERE id = 2;
    INSERT INTO campaigns (name, settings) VALUES ('deleted', '{}');
    DELETE FROM campaigns WHERE name = 'deleted';
  `);
  closeDatabase(core.services.db);
  const imported = await runCli(["import", "pandalm", "test/fixtures/data/PandaLM/testset-v1.json", "--limit", String(options.pandalmRows ?? 200)], {
    DATABASE_PATH: path,
  });
  if (imported.error) throw new Error(`building the copy source: ${imported.error}`);
  const token = await runCli(["token", "create", "--name", "trainer", "--scopes", "all"], { DATABASE_PATH: path });
  if (token.error) throw new Error(`building the copy source: ${token.error}`);
  return path;
}
