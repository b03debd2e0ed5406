import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { FakeSlack } from "../../fakes/fake-slack/server.js";
import { freePort, prepareCampaign, startBot } from "../../helpers/bot-process.js";
import { clickVote, nextItems } from "../../helpers/slack-votes.js";

const SECRET = "0123456789abcdef0123456789abcdef";
const TOKEN = "xoxb-crash-test-token";
let fake: FakeSlack | undefined;
afterEach(async () => fake?.stop());

describe("crash safety and clean shutdown (the real bot process)", () => {
  it("SIGKILL in the middle of a vote storm: every acknowledged vote is in the database, none twice", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pw-crash-"));
    const db = await prepareCampaign(dir, 400);
    fake = new FakeSlack({ token: TOKEN, signingSecret: SECRET });
    await fake.start();
    const port = await freePort();
    const { child } = await startBot(
      { DATABASE_PATH: db, SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_PORT: String(port), SLACK_API_URL: fake.apiUrl },
      "listening on /slack/events",
    );
    const receiver = `http://127.0.0.1:${port}/slack/events`;
    const users = Array.from({ length: 300 }, (_, i) => `U${i}`);
    const byUser = await nextItems(fake, receiver, users);
    expect(byUser.size).toBe(300);

    const acked = new Set<number>();
    let killedAt = 0;
    const storm = users.map(async (u, i) => {
      await new Promise((r) => setTimeout(r, i * 2));
      const id = byUser.get(u);
      if (id === undefined) return;
      try {
        const res = await clickVote(fake!, receiver, u, id);
        if (res.status === 200) acked.add(id);
      } catch {
        // The connection died with the process: not acknowledged.
      }
      if (acked.size >= 100 && !killedAt) {
        killedAt = acked.size;
        child.kill("SIGKILL");
      }
    });
    await Promise.all(storm);
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once("exit", r)));
    expect(child.signalCode).toBe("SIGKILL");
    expect(acked.size).toBeGreaterThanOrEqual(100);
    expect(acked.size).toBeLessThan(300); // killed mid-storm

    const sqlite = new Database(db);
    const rows = sqlite.prepare("SELECT assignment_id AS id, count(*) AS n FROM judgments GROUP BY assignment_id").all() as { id: number; n: number }[];
    const stored = new Set(rows.map((r) => r.id));
    for (const id of acked) expect(stored.has(id), `acknowledged vote on assignment ${id}`).toBe(true);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
    sqlite.close();
  });

  it("SIGTERM finishes the votes in flight, stops, and closes the database cleanly (WAL checkpointed)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pw-term-"));
    const db = await prepareCampaign(dir, 100);
    fake = new FakeSlack({ token: TOKEN, signingSecret: SECRET });
    await fake.start();
    const port = await freePort();
    const { child, logs } = await startBot(
      { DATABASE_PATH: db, SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_PORT: String(port), SLACK_API_URL: fake.apiUrl },
      "listening on /slack/events",
    );
    const receiver = `http://127.0.0.1:${port}/slack/events`;
    const users = Array.from({ length: 60 }, (_, i) => `U${i}`);
    const byUser = await nextItems(fake, receiver, users);
    const acked: number[] = [];
    const storm = users.map(async (u) => {
      const id = byUser.get(u);
      if (id === undefined) return;
      const res = await clickVote(fake!, receiver, u, id).catch(() => undefined);
      if (res?.status === 200) acked.push(id);
    });
    setTimeout(() => child.kill("SIGTERM"), 5);
    await Promise.all(storm);
    const code = await new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once("exit", (c) => r(c))));
    expect(code).toBe(0);
    expect(logs.join("")).toContain("shutting down");
    const sqlite = new Database(db, { readonly: true });
    const stored = new Set((sqlite.prepare("SELECT assignment_id AS id FROM judgments").all() as { id: number }[]).map((r) => r.id));
    for (const id of acked) expect(stored.has(id)).toBe(true);
    sqlite.close();
    // A clean close checkpoints the WAL into the database file.
    expect(!existsSync(`${db}-wal`) || statSync(`${db}-wal`).size === 0).toBe(true);
  });
});
