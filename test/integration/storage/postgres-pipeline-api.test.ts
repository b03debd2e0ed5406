import { afterEach, describe, expect, it } from "vitest";
import { castVote } from "../../../src/services/cast-vote.js";
import { revokeToken } from "../../../src/services/api/tokens.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { WebhookDeliveryWorker } from "../../../src/services/webhooks/delivery-worker.js";
import { verifySignature } from "../../../src/services/webhooks/sign.js";
import { itemLines, startReceiver, startTestApi, type TestApi } from "../../helpers/api.js";
import { seedCampaign } from "../../helpers/core.js";
import { waitFor } from "../../helpers/wait-for.js";
import { count, coreKeeper, DIALECTS, rows, type AnyCore } from "./pipeline/dialects.js";

/*
 * The pipeline API over real HTTP on 127.0.0.1 (tokens, item batches and their counters, webhooks
 * delivered to a local receiver), on SQLite and on PostgreSQL, as test/integration/api/*.test.ts
 * run it on SQLite.
 */

const CAMPAIGN = "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: 1\n";
const jsonl = { "content-type": "application/x-ndjson" };

const cores = coreKeeper();
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await cores.closeAll();
});

async function setUp(factory: () => Promise<AnyCore>): Promise<{ core: AnyCore; api: TestApi }> {
  const core = await cores.make(factory);
  await seedCampaign(core, CAMPAIGN);
  const api = await startTestApi(core);
  stops.push(() => api.stop());
  return { core, api };
}

/** One annotator takes and answers one item, through the services a chat vote uses. */
async function vote(core: AnyCore, user: string): Promise<void> {
  const who = { platform: "slack", workspaceId: "T1", userId: user };
  const a = await nextAssignment(core.services, { campaign: "c", annotator: who });
  core.clock.advance(20_000);
  await castVote(core.services, { annotator: who, assignmentId: a.assignment.id, choice: "1" });
}

describe.each(DIALECTS)("the pipeline API on %s", (name, factory) => {
  it("checks tokens: none, unknown, revoked, or lacking the scope is refused; only the token's hash is stored, and its use recorded", async () => {
    const { core, api } = await setUp(factory);
    // The "last used" note is written at most once a minute per token id, remembered per process: a later hour for the second database.
    if (name !== "SQLite") core.clock.advance(3_600_000);
    const batches = "/campaigns/c/batches";
    expect((await api.call(undefined, batches)).status).toBe(401);
    expect((await api.call("pw_not-a-real-token-at-all-000000", batches)).status).toBe(401);
    const reader = await api.token("judgments:read");
    expect((await api.call(reader, batches)).status).toBe(403);
    const writer = await api.token("items:write");
    expect((await api.call(writer, batches)).status).toBe(200); // write includes read
    const all = await api.token("all");
    expect((await api.call(all, batches)).status).toBe(200);
    const stored = await rows<{ name: string; hash: string; prefix: string; used: number }>(
      core,
      "SELECT name, hash, prefix, CASE WHEN last_used_at IS NULL THEN 0 ELSE 1 END AS used FROM api_tokens ORDER BY id",
    );
    expect(stored.map((t) => t.used)).toEqual([1, 1, 1]);
    expect(JSON.stringify(stored)).not.toContain(all);
    expect(all.startsWith(stored[2]!.prefix)).toBe(true);
    await revokeToken(core.services, stored[2]!.name);
    expect((await api.call(all, batches)).status).toBe(401);
    expect((await api.call(writer, batches)).status).toBe(200);
  });

  it("takes a batch once, skips what a retried or overlapping batch repeats, and counts each batch down as its items complete", async () => {
    const { core, api } = await setUp(factory);
    const token = await api.token("items:write");
    const first = await api.call(token, "/campaigns/c/items", { method: "POST", headers: jsonl, body: itemLines(0, 4) });
    expect(first.status).toBe(201);
    const created = (await first.json()) as { batch: { id: number; items: number } };
    expect(created.batch.items).toBe(4);
    const again = await api.call(token, "/campaigns/c/items", { method: "POST", headers: jsonl, body: itemLines(0, 4) });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ batch: { id: created.batch.id }, replayed: true });
    const overlap = await api.call(token, "/campaigns/c/items", { method: "POST", headers: jsonl, body: itemLines(2, 6) });
    expect(overlap.status).toBe(201);
    const second = ((await overlap.json()) as { batch: { id: number; items: number; already_present: number } }).batch;
    expect(second).toMatchObject({ items: 2, already_present: 2 });
    expect(await count(core, "SELECT count(*) AS n FROM comparisons")).toBe(6);

    const progress = async (id: number) => (await (await api.call(token, `/batches/${id}`)).json()) as Record<string, unknown>;
    expect(await progress(created.batch.id)).toMatchObject({ id: created.batch.id, campaign: "c", items: 4, complete: 0, judgments: 0, progress: 0 });
    // Overlap 1: each vote completes one item, the first batch's first (fullest first, then by id).
    for (let i = 0; i < 4; i++) await vote(core, `U${i}`);
    expect(await progress(created.batch.id)).toMatchObject({ items: 4, complete: 4, judgments: 4, progress: 1 });
    expect(await progress(second.id)).toMatchObject({ items: 2, complete: 0, judgments: 0 });
    const counters = await rows<{ import_batch_id: number; remaining: number; completed: number }>(
      core,
      "SELECT import_batch_id, remaining, CASE WHEN completed_at IS NULL THEN 0 ELSE 1 END AS completed FROM api_batches ORDER BY import_batch_id",
    );
    expect(counters).toEqual([
      { import_batch_id: created.batch.id, remaining: 0, completed: 1 },
      { import_batch_id: second.id, remaining: 2, completed: 0 },
    ]);
    const list = (await (await api.call(token, "/campaigns/c/batches")).json()) as { batches: { id: number }[] };
    expect(list.batches.map((b) => b.id)).toEqual([second.id, created.batch.id]);
  });

  it("delivers webhooks to a local receiver, signed, retried after a 500, logged, and replayed on request", async () => {
    const { core, api } = await setUp(factory);
    const receiver = await startReceiver((n) => (n === 1 ? 500 : 200));
    stops.push(receiver.stop);
    const token = await api.token("items:write,webhooks:write");
    const sub = await api.call(token, "/campaigns/c/webhooks", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: receiver.url, events: ["batch.completed", "item.completed"] }),
    });
    expect(sub.status).toBe(201);
    const { webhook, secret } = (await sub.json()) as { webhook: { id: number }; secret: string };
    const worker = new WebhookDeliveryWorker(core.services, { baseDelayMs: 20, pollMs: 20 });
    worker.start();
    stops.push(() => worker.stop());

    const posted = await api.call(token, "/campaigns/c/items", { method: "POST", headers: jsonl, body: itemLines(0, 2) });
    const batch = ((await posted.json()) as { batch: { id: number } }).batch.id;
    await vote(core, "U1");
    await vote(core, "U2");
    const completed = await waitFor(
      () => receiver.received.find((d) => d.status === 200 && JSON.parse(d.body).type === "batch.completed"),
      "batch.completed delivered",
    );
    expect(JSON.parse(completed.body)).toMatchObject({ type: "batch.completed", campaign: "c", data: { batch_id: batch } });
    expect(verifySignature(secret, String(completed.headers["pairwise-signature"]), completed.body)).toBe(true);
    await waitFor(() => receiver.received.filter((d) => d.status === 200).length === 3, "all three events delivered");
    const first = receiver.received[0]!;
    expect(first.status).toBe(500);
    expect(receiver.received.filter((d) => d.body === first.body && d.status === 200).length).toBe(1);

    // The receiver has answered; the worker records each answer just after.
    const deliveries = async () =>
      (
        (await (await api.call(token, `/webhooks/${webhook.id}/deliveries`)).json()) as {
          deliveries: { id: number; status: string; attempts: number; type: string }[];
        }
      ).deliveries;
    const log = {
      deliveries: await waitFor(async () => (await deliveries()).every((d) => d.status === "delivered") && (await deliveries()), "deliveries recorded"),
    };
    expect(log.deliveries.map((d) => d.status)).toEqual(["delivered", "delivered", "delivered"]);
    expect(log.deliveries.map((d) => d.attempts).sort()).toEqual([1, 1, 2]);
    expect(await count(core, "SELECT count(*) AS n FROM webhook_attempts")).toBe(4);

    const replay = await api.call(token, `/webhooks/${webhook.id}/deliveries/${log.deliveries[0]!.id}/replay`, { method: "POST" });
    expect(replay.status).toBe(202);
    await waitFor(() => receiver.received.filter((d) => d.status === 200).length === 4, "the replay delivered");
    await waitFor(async () => (await count(core, "SELECT count(*) AS n FROM webhook_outbox WHERE status = 'delivered'")) === 4, "the replay recorded");
  });
});
