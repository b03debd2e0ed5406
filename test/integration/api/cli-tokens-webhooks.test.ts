import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createWebhook } from "../../../src/services/webhooks/subscriptions.js";
import { emitEvent } from "../../../src/services/webhooks/events.js";
import { withTransaction } from "../../../src/services/context.js";
import { authenticateToken } from "../../../src/services/api/tokens.js";
import { createTestCore, seedCampaign } from "../../helpers/core.js";
import { runCli } from "../../helpers/cli.js";

describe("pairwise token and pairwise webhook", () => {
  it("create prints the token once (alone on stdout), list never shows it, revoke ends it", async () => {
    const db = join(mkdtempSync(join(tmpdir(), "pw-tok-")), "t.db");
    const created = await runCli(["token", "create", "--name", "ci", "--scopes", "items:write,judgments"], { DATABASE_PATH: db });
    expect(created.error).toBeUndefined();
    const token = created.out.trim();
    expect(token).toMatch(/^pw_/);
    expect(created.err).toContain("items:write, judgments:read, judgments:write");
    const twice = await runCli(["token", "create", "--name", "ci", "--scopes", "all"], { DATABASE_PATH: db });
    expect(twice.error).toContain('A token named "ci" exists already');
    const bad = await runCli(["token", "create", "--name", "x", "--scopes", "itemz"], { DATABASE_PATH: db });
    expect(bad.error).toContain('Unknown scope "itemz"');
    const list = await runCli(["token", "list"], { DATABASE_PATH: db });
    expect(list.out).toContain("ci");
    expect(list.out).toContain(token.slice(0, 9));
    expect(list.out).not.toContain(token);
    expect((await runCli(["token", "revoke", "ci"], { DATABASE_PATH: db })).out).toContain('Revoked token "ci"');
    expect((await runCli(["token", "list"], { DATABASE_PATH: db })).out).toContain("revoked");
    expect((await runCli(["token", "revoke", "nope"], { DATABASE_PATH: db })).error).toContain('No token named "nope"');
  });

  it("webhook deliveries lists the log and replay queues a delivery again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pw-wh-"));
    const path = join(dir, "w.db");
    const core = createTestCore({ databasePath: path });
    const campaign = await seedCampaign(core, "name: c\nguidelines: g\n");
    const { webhook } = await createWebhook(core.services, { campaign: "c", url: "https://example.com/hook?key=abc", events: ["export.ready"] });
    await withTransaction(
      core.services,
      async () => await emitEvent(core.services.db, { campaignId: campaign.id, campaign: "c", type: "export.ready", key: "s1", data: {}, now: Date.now() }),
    );
    core.services.db.$client.close();
    const list = await runCli(["webhook", "list"], { DATABASE_PATH: path });
    expect(list.out).toContain("export.ready");
    expect(list.out).not.toContain("key=abc"); // a receiver's own credentials in its URL stay out of listings
    const log = await runCli(["webhook", "deliveries", String(webhook.id)], { DATABASE_PATH: path });
    expect(log.out).toMatch(/export\.ready\s+pending/);
    const replay = await runCli(["webhook", "replay", "1"], { DATABASE_PATH: path });
    expect(replay.out).toContain("Queued delivery 2 (a replay of 1)");
    expect((await runCli(["webhook", "replay", "99"], { DATABASE_PATH: path })).error).toContain("No delivery 99");
  });

  it("a token authenticates only by its exact value", async () => {
    const core = createTestCore();
    expect(await authenticateToken(core.services, "pw_nothing")).toBeUndefined();
    expect(await authenticateToken(core.services, "xoxb-not-ours")).toBeUndefined();
  });
});

describe("pairwise export", () => {
  it("keeps every export as a snapshot (id and SHA-256 in the card) and queues export.ready for the bot to deliver", async () => {
    const { createHash } = await import("node:crypto");
    const { readFileSync, writeFileSync } = await import("node:fs");
    const dir = mkdtempSync(join(tmpdir(), "pw-cx-"));
    const path = join(dir, "x.db");
    writeFileSync(join(dir, "c.yaml"), "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\n");
    writeFileSync(
      join(dir, "items.jsonl"),
      [0, 1].map((i) => JSON.stringify({ id: `p${i}`, prompt: `Q${i}?`, response_a: `A${i}`, response_b: `B${i}` })).join("\n"),
    );
    for (const args of [
      ["campaign", "create", join(dir, "c.yaml")],
      ["import", "c", join(dir, "items.jsonl")],
    ])
      expect((await runCli(args, { DATABASE_PATH: path })).error).toBeUndefined();
    const core = createTestCore({ databasePath: path });
    const { nextAssignment } = await import("../../../src/services/next-assignment.js");
    const { castVote } = await import("../../../src/services/cast-vote.js");
    const who = { platform: "slack", workspaceId: "T1", userId: "U1" };
    const a = await nextAssignment(core.services, { campaign: "c", annotator: who });
    await castVote(core.services, { annotator: who, assignmentId: a.assignment.id, choice: "1" });
    await createWebhook(core.services, { campaign: "c", url: "https://example.com/h", events: ["export.ready"] });
    const out = join(dir, "train.jsonl");
    const r = await runCli(["export", "c", "--format", "raw", "--out", out], { DATABASE_PATH: path });
    expect(r.error).toBeUndefined();
    const id = /Snapshot (snap_[0-9a-f]{16})/.exec(r.err)![1]!;
    const row = core.services.db.$client.prepare("SELECT sha256, format FROM snapshots WHERE public_id = ?").get(id) as { sha256: string; format: string };
    expect(row).toEqual({ sha256: createHash("sha256").update(readFileSync(out)).digest("hex"), format: "raw" });
    expect(readFileSync(join(dir, "train.card.md"), "utf8")).toContain(id);
    const queued = core.services.db.$client.prepare("SELECT type, body FROM webhook_outbox").all() as { type: string; body: string }[];
    expect(queued.map((q) => q.type)).toEqual(["export.ready"]);
    expect(JSON.parse(queued[0]!.body).data.snapshot_id).toBe(id);
  });
});
