import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeSlack } from "../../fakes/fake-slack/server.js";
import { runCli } from "../../helpers/cli.js";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

let bot: ChildProcess | undefined;
afterEach(() => {
  bot?.kill("SIGTERM");
});

describe("npm start with Slack credentials and SLACK_API_URL", () => {
  it("serves signed slash commands against any server that speaks the Web API, and never logs the secrets", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pw-slack-main-"));
    const db = join(dir, "p.db");
    const campaign = join(dir, "c.yaml");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(campaign, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\n");
    writeFileSync(join(dir, "items.jsonl"), '{"id":"1","prompt":"Say hi","response_a":"Hi","response_b":"Hello"}\n');
    expect((await runCli(["campaign", "create", campaign], { DATABASE_PATH: db })).error).toBeUndefined();
    expect((await runCli(["import", "c", join(dir, "items.jsonl")], { DATABASE_PATH: db })).error).toBeUndefined();

    const secret = "0123456789abcdef0123456789abcdef";
    const token = "xoxb-1111-2222-secret-token";
    const slack = new FakeSlack({ token, signingSecret: secret });
    await slack.start();
    const port = await freePort();
    const logs: string[] = [];
    bot = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env,
        DATABASE_PATH: db,
        SLACK_BOT_TOKEN: token,
        SLACK_SIGNING_SECRET: secret,
        SLACK_PORT: String(port),
        SLACK_API_URL: slack.apiUrl,
        LOG_LEVEL: "debug",
        DISCORD_BOT_TOKEN: "",
        DISCORD_APPLICATION_ID: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    bot.stdout!.on("data", (d: Buffer) => logs.push(d.toString()));
    bot.stderr!.on("data", (d: Buffer) => logs.push(d.toString()));
    const deadline = Date.now() + 20_000;
    while (!logs.join("").includes("listening on /slack/events") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(logs.join("")).toContain("listening on /slack/events");

    const res = await slack.send(`http://127.0.0.1:${port}/slack/events`, {
      team_id: "T1",
      channel_id: "C1",
      user_id: "U1",
      user_name: "u1",
      command: "/pairwise",
      text: "next c",
      response_url: slack.responseUrl(),
      trigger_id: slack.issueTrigger(),
    });
    expect(res.status).toBe(200);
    const until = Date.now() + 5000;
    while (slack.of("chat.postMessage").length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(JSON.stringify(slack.of("chat.postMessage")[0]?.blocks)).toContain("Say hi");
    bot.kill("SIGTERM");
    await new Promise((r) => bot!.once("exit", r));
    await slack.stop();
    const all = logs.join("");
    expect(all).not.toContain(secret);
    expect(all).not.toContain(token);
  });
});
