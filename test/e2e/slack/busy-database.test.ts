import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { BOT_BUSY_TIMEOUT_MS } from "../../../src/storage/busy.js";
import { startSlackHarness, type SlackHarness } from "../../fakes/fake-slack/harness.js";
import { seedCampaign, seedComparisons } from "../../helpers/core.js";
import { clickVote, nextItems } from "../../helpers/slack-votes.js";
import { waitFor } from "../../helpers/wait-for.js";

const CAMPAIGN = "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: 1";
let h: SlackHarness | undefined;
let holder: Database.Database | undefined;
afterEach(async () => {
  if (holder?.inTransaction) holder.prepare("ROLLBACK").run();
  holder?.close();
  holder = undefined;
  await h?.close();
  h = undefined;
});

describe("votes while another process holds the database's write lock", () => {
  it("each is answered at once, as saved or as 'not saved, try again', and that answer is true", async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), "pw-busy-")), "bot.db");
    h = await startSlackHarness({ databasePath, busyTimeoutMs: BOT_BUSY_TIMEOUT_MS });
    seedComparisons(h.core, (await seedCampaign(h.core, CAMPAIGN)).id, 6);
    const users = ["U1", "U2", "U3", "U4", "U5", "U6"];
    const assignmentOf = await nextItems(h.slack, h.receiver, users, { team: "T0001" });
    const click = (user: string) => clickVote(h!.slack, h!.receiver, user, assignmentOf.get(user)!, "T0001");
    const toldNotSaved = (user: string) => h!.slack.of("chat.postEphemeral").some((m) => m.user === user && /not saved.*try again/i.test(String(m.text)));

    // Another process takes the write lock and keeps it.
    holder = new Database(databasePath);
    holder.prepare("BEGIN IMMEDIATE").run();
    const first = await Promise.all(users.slice(0, 3).map(click));
    expect(first.map((r) => r.status)).toEqual([200, 200, 200]);
    await waitFor(() => users.slice(0, 3).every(toldNotSaved), "each voter to be told the vote was not saved", 10_000);
    const judgments = h.core.services.db.$client.prepare("SELECT count(*) AS n FROM judgments");
    expect(judgments.get()).toEqual({ n: 0 });

    // The lock is let go while the next votes are on their way: they are saved, and told so.
    const second = Promise.all(users.slice(3).map(click));
    holder.prepare("COMMIT").run();
    expect((await second).map((r) => r.status)).toEqual([200, 200, 200]);
    await h.settle();
    expect(judgments.get()).toEqual({ n: 3 });
    for (const user of users.slice(3)) expect(toldNotSaved(user)).toBe(false);

    // Those told to try again can: their click now counts.
    await Promise.all(users.slice(0, 3).map(click));
    await h.settle();
    expect(judgments.get()).toEqual({ n: 6 });
  });
});
