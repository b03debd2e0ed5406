import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { customIdsOfComponents } from "../../../adapters/discord/history.js";
import { actionIdsOfBlocks } from "../../../adapters/slack/history.js";
import { postIdOf } from "../../../src/core/channel-posts/marker.js";
import { FakeDiscord } from "../../fakes/fake-discord/server.js";
import { FakeSlack } from "../../fakes/fake-slack/server.js";
import { freePort, prepareCampaign, startBot } from "../../helpers/bot-process.js";
import type { PostRow } from "../../helpers/fault-tests.js";
import { waitFor } from "../../helpers/wait-for.js";

const SECRET = "0123456789abcdef0123456789abcdef";
const SLACK_TOKEN = "xoxb-restart-test-token";
const yaml = (channel: string) =>
  `name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: 3\nchannels: [${channel}]\n`;
const RECONCILED = "channel posts left in posting reconciled";

const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

function track(child: ChildProcess): void {
  stops.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
}

async function kill(child: ChildProcess): Promise<void> {
  child.kill("SIGKILL");
  await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once("exit", resolve)));
}

function rows(db: string): PostRow[] {
  const sqlite = new Database(db, { readonly: true });
  try {
    return sqlite.prepare("SELECT id, comparison_id, status, message_id FROM channel_posts ORDER BY id").all() as PostRow[];
  } finally {
    sqlite.close();
  }
}

/** The reconciliation summary the restarted bot logged. */
function summaryIn(logs: string[]): Record<string, unknown> | undefined {
  const line = logs
    .join("")
    .split("\n")
    .find((l) => l.includes(RECONCILED));
  return line ? (JSON.parse(line) as Record<string, unknown>) : undefined;
}

describe("a restart with channel posts left in `posting` (the real bot process, SIGKILL)", () => {
  it("Slack: the post that went out is found in conversations.history and adopted; the one never sent is posted now; nothing twice", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pw-restart-slack-"));
    const db = await prepareCampaign(dir, 2, yaml("slack:C0LABEL"));
    const slack = new FakeSlack({ token: SLACK_TOKEN, signingSecret: SECRET });
    await slack.start();
    stops.push(() => slack.stop());
    const env = async () => ({
      DATABASE_PATH: db,
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PAIRWISE_LEADS: "slack:ULEAD",
      SLACK_PORT: String(await freePort()),
    });

    // Run 1: the first post reaches Slack but its answer never comes back; the process dies waiting.
    slack.faults({ method: "chat.postMessage", hang: true, count: 1 });
    const first = await env();
    const run1 = await startBot(first, "listening on /slack/events");
    track(run1.child);
    const post = await slack.send(`http://127.0.0.1:${first.SLACK_PORT}/slack/events`, {
      team_id: "T1",
      channel_id: "C0LABEL",
      user_id: "ULEAD",
      command: "/pairwise",
      text: "post c 2",
      response_url: slack.responseUrl(),
      trigger_id: slack.issueTrigger(),
    });
    expect(post.status).toBe(200);
    await waitFor(() => slack.channelMessages("C0LABEL").length === 1, "the first post to reach Slack");
    await kill(run1.child);
    expect(rows(db).map((r) => [r.status, r.message_id])).toEqual([
      ["posting", null],
      ["posting", null],
    ]);

    // Run 2: the same database, the same Slack.
    const run2 = await startBot(await env(), "listening on /slack/events");
    track(run2.child);
    const summary = await waitFor(() => summaryIn(run2.logs), "the reconciliation", 10_000);
    expect(summary).toMatchObject({ adopted: 1, posted: 1, refused: 0, pending: 0 });
    const [a, b] = rows(db);
    const inChannel = slack.channelMessages("C0LABEL");
    expect(
      inChannel.map((m) =>
        postIdOf({ message: { platform: "slack", channelId: "C0LABEL", messageId: String(m.ts) }, actionIds: actionIdsOfBlocks(m.blocks as unknown[]) }),
      ),
    ).toEqual([a!.id, b!.id]);
    expect([a!.status, a!.message_id, b!.status, b!.message_id]).toEqual(["posted", String(inChannel[0]!.ts), "posted", String(inChannel[1]!.ts)]);
    expect(slack.calls.filter((c) => c.method === "chat.postMessage")).toHaveLength(2);
    expect(slack.calls.some((c) => c.method === "conversations.history")).toBe(true);
    expect([...run1.logs, ...run2.logs].join("")).not.toContain(SLACK_TOKEN);
  });

  it("Discord: the post that went out is found in the channel's messages and adopted; the one never sent is posted now; nothing twice", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pw-restart-discord-"));
    const db = await prepareCampaign(dir, 2, yaml("discord:900000000000000003"));
    const discord = new FakeDiscord("discord-restart-token-abc");
    await discord.start();
    stops.push(() => discord.stop());
    const env = {
      DATABASE_PATH: db,
      DISCORD_BOT_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_GUILD_ID: discord.guildId,
      DISCORD_API_URL: discord.apiUrl,
      PAIRWISE_LEADS: "discord:ULEAD",
    };
    const postsInChannel = () =>
      [...discord.messages.values()]
        .filter((m) => m.channel_id === discord.channelId)
        .map((m) => ({
          id: m.id,
          postId: postIdOf({ message: { platform: "discord", channelId: m.channel_id, messageId: m.id }, actionIds: customIdsOfComponents(m.components) }),
        }))
        .filter((m) => m.postId !== undefined);

    discord.faults({ route: /^\/channels\/\d+\/messages$/, method: "POST", hang: true, count: 1 });
    const run1 = await startBot(env, "Discord adapter ready");
    track(run1.child);
    discord.command("ULEAD", "post", [
      { name: "campaign", type: 3, value: "c" },
      { name: "n", type: 4, value: 2 },
    ]);
    await waitFor(() => postsInChannel().length === 1, "the first post to reach Discord");
    await kill(run1.child);
    expect(rows(db).map((r) => r.status)).toEqual(["posting", "posting"]);

    const run2 = await startBot(env, "Discord adapter ready");
    track(run2.child);
    const summary = await waitFor(() => summaryIn(run2.logs), "the reconciliation", 10_000);
    expect(summary).toMatchObject({ adopted: 1, posted: 1, refused: 0, pending: 0 });
    const [a, b] = rows(db);
    const inChannel = postsInChannel();
    expect(inChannel.map((m) => m.postId)).toEqual([a!.id, b!.id]);
    expect([a!.status, a!.message_id, b!.status, b!.message_id]).toEqual(["posted", inChannel[0]!.id, "posted", inChannel[1]!.id]);
    expect(discord.calls.filter((c) => c.method === "POST" && /^\/channels\/\d+\/messages$/.test(c.path))).toHaveLength(2);
    expect([...run1.logs, ...run2.logs].join("")).not.toContain(discord.token);
  });
});
