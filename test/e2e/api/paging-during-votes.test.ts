import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { FakeSlack } from "../../fakes/fake-slack/server.js";
import { freePort, prepareCampaign, startBot } from "../../helpers/bot-process.js";
import { runCli } from "../../helpers/cli.js";
import { clickVote, nextItems } from "../../helpers/slack-votes.js";

const SECRET = "0123456789abcdef0123456789abcdef";
const SLACK_TOKEN = "xoxb-paging-test-token";
let fake: FakeSlack | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await fake?.stop();
});

describe("judgments paged over HTTP while votes arrive in Slack (the real bot)", () => {
  it("every judgment comes back exactly once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pw-page-"));
    const db = await prepareCampaign(dir, 120);
    const token = (await runCli(["token", "create", "--name", "reader", "--scopes", "judgments:read", "--rate", "100000"], { DATABASE_PATH: db })).out.trim();
    fake = new FakeSlack({ token: SLACK_TOKEN, signingSecret: SECRET });
    await fake.start();
    const [slackPort, apiPort] = [await freePort(), await freePort()];
    const bot = await startBot(
      {
        DATABASE_PATH: db,
        SLACK_BOT_TOKEN: SLACK_TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_PORT: String(slackPort),
        SLACK_API_URL: fake.apiUrl,
        PAIRWISE_API_PORT: String(apiPort),
      },
      "pipeline API listening",
    );
    child = bot.child;
    const receiver = `http://127.0.0.1:${slackPort}/slack/events`;
    const users = Array.from({ length: 100 }, (_, i) => `U${i}`);
    const byUser = await nextItems(fake, receiver, users);
    expect(byUser.size).toBe(100);

    let storming = true;
    const storm = Promise.all(
      [...byUser].map(async ([channel, assignment], i) => {
        await new Promise((r) => setTimeout(r, i * 3));
        await clickVote(fake!, receiver, channel.replace(/^D/, ""), assignment);
      }),
    ).finally(() => {
      storming = false;
    });
    const seen: number[] = [];
    let cursor = 0;
    for (;;) {
      const wasStorming = storming;
      const page = (await (
        await fetch(`http://127.0.0.1:${apiPort}/campaigns/c/judgments?after=${cursor}&limit=5`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { judgments: { id: number }[]; next_cursor: number; has_more: boolean };
      seen.push(...page.judgments.map((j) => j.id));
      cursor = page.next_cursor;
      // Done once a page read after the last vote was acknowledged says there is nothing more.
      if (!wasStorming && !page.has_more) break;
    }
    await storm;
    child.kill("SIGTERM");
    await new Promise((r) => child!.once("exit", r));
    const sqlite = new Database(db, { readonly: true });
    const all = (sqlite.prepare("SELECT id FROM judgments ORDER BY id").all() as { id: number }[]).map((r) => r.id);
    sqlite.close();
    expect(all.length).toBe(100);
    expect(seen).toEqual(all);
  });
});
