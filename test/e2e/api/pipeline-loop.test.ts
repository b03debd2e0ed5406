import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { verifySignature } from "../../../src/services/webhooks/sign.js";
import { FakeSlack } from "../../fakes/fake-slack/server.js";
import { startReceiver } from "../../helpers/api.js";
import { freePort, startBot } from "../../helpers/bot-process.js";
import { runCli } from "../../helpers/cli.js";
import { clickVote, nextItems } from "../../helpers/slack-votes.js";
import { waitFor } from "../../helpers/wait-for.js";

const SECRET = "0123456789abcdef0123456789abcdef";
const SLACK_TOKEN = "xoxb-pipeline-test-token";
const CAMPAIGN_YAML =
  "name: loop\nstatus: active\nguidelines: Pick the more helpful answer.\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: 1\n";

let fake: FakeSlack | undefined;
const children: ChildProcess[] = [];
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const s of stops.splice(0)) await s();
  await fake?.stop();
});

const exited = (child: ChildProcess) =>
  new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once("exit", (code) => r(code))));

describe("the pipeline loop against the real bot process", () => {
  it("token from the CLI, campaign and batch over HTTP, votes in Slack, a signed batch.completed that survives kill -9 and a restart, and the TRL export equal to the CLI's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pw-loop-"));
    const db = join(dir, "bot.db");
    // The receiver is down (500) until the bot has been restarted.
    let receiverUp = false;
    const receiver = await startReceiver(() => (receiverUp ? 200 : 500));
    stops.push(receiver.stop);

    const created = await runCli(
      ["token", "create", "--name", "trainer", "--scopes", "campaigns:write,items:write,judgments:read,exports:read,webhooks:write"],
      { DATABASE_PATH: db },
    );
    expect(created.error).toBeUndefined();
    const token = created.out.trim();
    expect(token).toMatch(/^pw_[A-Za-z0-9_-]{32}$/);

    fake = new FakeSlack({ token: SLACK_TOKEN, signingSecret: SECRET });
    await fake.start();
    const slackPort = await freePort();
    const apiPort = await freePort();
    const env = {
      DATABASE_PATH: db,
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_PORT: String(slackPort),
      SLACK_API_URL: fake.apiUrl,
      PAIRWISE_API_PORT: String(apiPort),
    };
    const first = await startBot(env, "pipeline API listening");
    children.push(first.child);
    const api = `http://127.0.0.1:${apiPort}`;
    const call = (path: string, init: RequestInit = {}) =>
      fetch(`${api}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) } });

    expect((await call("/campaigns", { method: "POST", headers: { "content-type": "application/yaml" }, body: CAMPAIGN_YAML })).status).toBe(201);
    const hook = await call("/campaigns/loop/webhooks", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: receiver.url, events: ["batch.completed"] }),
    });
    const { secret } = (await hook.json()) as { secret: string };
    const items = Array.from({ length: 3 }, (_, i) =>
      JSON.stringify({ id: `p${i}`, prompt: `Question ${i}?`, response_a: `Answer A${i}`, response_b: `Answer B${i}` }),
    ).join("\n");
    const posted = await call("/campaigns/loop/items", { method: "POST", headers: { "content-type": "application/x-ndjson" }, body: items });
    expect(posted.status).toBe(201);
    const batchId = ((await posted.json()) as { batch: { id: number } }).batch.id;

    const receiverUrl = `http://127.0.0.1:${slackPort}/slack/events`;
    const byUser = await nextItems(fake, receiverUrl, ["U1", "U2", "U3"], { campaign: "loop" });
    expect(byUser.size).toBe(3);
    for (const [user, assignment] of byUser) expect((await clickVote(fake, receiverUrl, user.replace(/^D/, ""), assignment)).status).toBe(200);
    const progress = (await (await call(`/batches/${batchId}`)).json()) as { complete: number; items: number };
    expect(progress).toMatchObject({ items: 3, complete: 3 });

    // The receiver refused the first attempt; the bot is killed (kill -9) before a retry succeeds.
    await waitFor(() => receiver.received.length >= 1, "a first delivery attempt", 15_000);
    first.child.kill("SIGKILL");
    await exited(first.child);
    receiverUp = true;
    const second = await startBot(env, "pipeline API listening");
    children.push(second.child);
    const delivered = await waitFor(() => receiver.received.find((d) => d.status === 200), "batch.completed delivered after the restart", 40_000); // a lease held at the kill runs out within 15 s
    const event = JSON.parse(delivered.body) as { type: string; data: { batch_id: number }; id: string };
    expect(event).toMatchObject({ type: "batch.completed", data: { batch_id: batchId } });
    expect(event.id).toBe(JSON.parse(receiver.received[0]!.body).id);
    expect(verifySignature(secret, String(delivered.headers["pairwise-signature"]), delivered.body)).toBe(true);

    // Clicks a test makes are "too fast" for the anomaly rules: both exports count them, the same way.
    const exported = await call("/campaigns/loop/export?format=trl&include_flagged=true");
    expect(exported.status).toBe(200);
    const overHttp = Buffer.from(await exported.arrayBuffer());
    const out = join(dir, "cli-trl.jsonl");
    const cli = await runCli(["export", "loop", "--format", "trl", "--include-flagged", "--out", out], { DATABASE_PATH: db });
    expect(cli.error).toBeUndefined();
    expect(overHttp.length).toBeGreaterThan(0);
    expect(overHttp.equals(readFileSync(out))).toBe(true);

    // Neither the token nor the webhook secret reached the log.
    const logs = [...first.logs, ...second.logs].join("");
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(secret);
    second.child.kill("SIGTERM");
    expect(await exited(second.child)).toBe(0);
  });
});
