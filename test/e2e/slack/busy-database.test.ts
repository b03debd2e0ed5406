import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { BOT_BUSY_TIMEOUT_MS } from "../../../src/storage/busy.js";
import { startSlackHarness, type SlackHarness } from "../../fakes/fake-slack/harness.js";
import { seedCampaign, seedComparisons } from "../../helpers/core.js";
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
    seedComparisons(h.core, seedCampaign(h.core, CAMPAIGN).id, 6);
    const users = ["U1", "U2", "U3", "U4", "U5", "U6"];
    for (const user of users) await h.command(user, "next c");
    await waitFor(() => h!.slack.of("chat.postMessage").length === users.length, "every user's card");
    const cards = h.slack.of("chat.postMessage");
    const actionOf = (user: string) => /"(pw1:v:[0-9a-z]+:1)"/.exec(JSON.stringify(cards.find((c) => c.channel === user)?.blocks))![1]!;
    const click = (user: string) => {
      const payload = { type: "block_actions", user: { id: user, username: user, team_id: "T0001" }, team: { id: "T0001" }, channel: { id: `D${user}` }, container: { type: "message", message_ts: "1.1", channel_id: `D${user}` }, message: { ts: "1.1" }, trigger_id: h!.slack.issueTrigger(), response_url: h!.slack.responseUrl(), actions: [{ action_id: actionOf(user), type: "button", value: "x" }] };
      return h!.slack.send(h!.receiver, { payload: JSON.stringify(payload) });
    };
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
