import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { FakeSlack } from "../../fakes/fake-slack/server.js";
import { freePort, prepareCampaign } from "../../helpers/bot-process.js";
import { ensureBuilt } from "../../helpers/build.js";
import { clickVote, nextItems } from "../../helpers/slack-votes.js";
import { waitFor } from "../../helpers/wait-for.js";

const SECRET = "0123456789abcdef0123456789abcdef";
const TOKEN = "xoxb-npm-start-token";
let fake: FakeSlack | undefined;
let npm: ChildProcess | undefined;
afterEach(async () => {
  if (npm && npm.exitCode === null) npm.kill("SIGKILL");
  await fake?.stop();
});

beforeAll(() => ensureBuilt(), 180_000);

const status = (url: string) =>
  fetch(url).then(
    (res) => res.status,
    () => "refused" as const,
  );

describe("npm start, as a process manager runs it", () => {
  it("a SIGTERM to npm stops the bot itself with status 0, every acknowledged vote kept", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pw-npm-"));
    const db = await prepareCampaign(dir, 60);
    fake = new FakeSlack({ token: TOKEN, signingSecret: SECRET });
    await fake.start();
    const port = await freePort();
    const logs: string[] = [];
    const child = spawn("npm", ["start"], {
      env: {
        ...process.env,
        LOG_LEVEL: "info",
        DATABASE_PATH: db,
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_PORT: String(port),
        SLACK_API_URL: fake.apiUrl,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    npm = child;
    child.stdout!.on("data", (d: Buffer) => logs.push(d.toString()));
    child.stderr!.on("data", (d: Buffer) => logs.push(d.toString()));
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await status(`${base}/readyz`)) === 200, "the bot to be ready", 30_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${logs.join("")}`);
    });
    expect(await status(`${base}/healthz`)).toBe(200);

    // Each user asks for an item, then they all vote while the SIGTERM goes to npm.
    const users = Array.from({ length: 40 }, (_, i) => `U${i}`);
    const assignmentOf = await nextItems(fake, `${base}/slack/events`, users);
    expect(assignmentOf.size).toBe(users.length);
    const acked: number[] = [];
    const votes = users.map(async (u) => {
      const assignmentId = assignmentOf.get(u)!;
      const res = await clickVote(fake!, `${base}/slack/events`, u, assignmentId).catch(() => undefined);
      if (res?.status === 200) acked.push(assignmentId);
    });
    child.kill("SIGTERM");
    await Promise.all(votes);
    const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (c) => resolve(c))));

    expect(code, logs.join("")).toBe(0);
    expect(logs.join("")).toContain("shutting down");
    // The bot itself is gone, not only npm: nothing answers on its port.
    expect(await status(`${base}/healthz`)).toBe("refused");
    const sqlite = new Database(db, { readonly: true });
    const stored = new Set((sqlite.prepare("SELECT assignment_id AS id FROM judgments").all() as { id: number }[]).map((r) => r.id));
    sqlite.close();
    for (const id of acked) expect(stored.has(id), `acknowledged vote on assignment ${id}`).toBe(true);
  });
});
