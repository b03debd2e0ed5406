import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestCore, seedCampaign, type TestCore } from "../../helpers/core.js";
import { itemLines, startReceiver, startTestApi, type TestApi } from "../../helpers/api.js";
import { castVote } from "../../../src/services/cast-vote.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { WebhookDeliveryWorker } from "../../../src/services/webhooks/delivery-worker.js";
import { verifySignature } from "../../../src/services/webhooks/sign.js";
import { waitFor } from "../../helpers/wait-for.js";

const CAMPAIGN = "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: 1\n";
const jsonl = { "content-type": "application/x-ndjson" };
let core: TestCore;
let api: TestApi;
const stops: (() => Promise<void>)[] = [];

beforeEach(async () => {
  core = createTestCore();
  await seedCampaign(core, CAMPAIGN);
  api = await startTestApi(core);
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await api.stop();
});

/** One annotator takes and answers one item (as a chat vote does, through the same services). */
async function vote(user: string): Promise<boolean> {
  const who = { platform: "slack", workspaceId: "T1", userId: user };
  let a;
  try {
    a = await nextAssignment(core.services, { campaign: "c", annotator: who });
  } catch {
    return false;
  }
  core.clock.advance(20_000);
  await castVote(core.services, { annotator: who, assignmentId: a.assignment.id, choice: "1" });
  return true;
}

async function push(token: string, from: number, to: number): Promise<number> {
  const r = await api.call(token, "/campaigns/c/items", { method: "POST", headers: jsonl, body: itemLines(from, to) });
  expect(r.status).toBe(201);
  return ((await r.json()) as { batch: { id: number } }).batch.id;
}

describe("pipeline API: judgments", () => {
  it("paging by cursor returns every judgment exactly once while votes arrive", async () => {
    const token = await api.token("items:write,judgments:read", 1_000_000);
    await push(token, 0, 300);
    const seen: number[] = [];
    let cursor = 0;
    let voter = 0;
    for (let round = 0; round < 200; round++) {
      // Votes land between pages (and the event loop turns, so requests interleave with them).
      for (let k = 0; k < 3; k++) await vote(`U${voter++}`);
      const res = await api.call(token, `/campaigns/c/judgments?after=${cursor}&limit=7`);
      const page = (await res.json()) as { judgments: { id: number }[]; next_cursor: number; has_more: boolean };
      expect(res.status, JSON.stringify(page)).toBe(200);
      seen.push(...page.judgments.map((j) => j.id));
      cursor = page.next_cursor;
      if (voter >= 300 && !page.has_more) break;
    }
    const all = (core.services.db.$client.prepare("SELECT id FROM judgments ORDER BY id").all() as { id: number }[]).map((r) => r.id);
    expect(all.length).toBe(300);
    expect(seen).toEqual(all);
  });

  it("filters by since, and streams JSON Lines from a cursor", async () => {
    const token = await api.token("items:write,judgments:read");
    await push(token, 0, 10);
    for (let i = 0; i < 4; i++) await vote(`U${i}`);
    core.clock.advance(1000);
    const cut = core.clock.now().toISOString();
    for (let i = 4; i < 10; i++) await vote(`U${i}`);
    const since = (await (await api.call(token, `/campaigns/c/judgments?since=${encodeURIComponent(cut)}`)).json()) as {
      judgments: { id: number; annotator: string }[];
    };
    expect(since.judgments.length).toBe(6);
    expect(since.judgments[0]!.annotator).toMatch(/^ann-[0-9a-f]{12}$/); // pseudonyms, as in exports
    const stream = await api.call(token, "/campaigns/c/judgments/stream?after=2");
    expect(stream.headers.get("content-type")).toContain("application/x-ndjson");
    const lines = (await stream.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: number });
    expect(lines.map((l) => l.id)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe("webhooks", () => {
  it("are signed, retried after a receiver's 500, and logged; a delivery can be replayed", async () => {
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

    const batch = await push(token, 0, 2);
    await vote("U1");
    await vote("U2");
    const completed = await waitFor(
      () => receiver.received.find((d) => d.status === 200 && JSON.parse(d.body).type === "batch.completed"),
      "batch.completed delivered",
    );
    const event = JSON.parse(completed.body) as { id: string; type: string; campaign: string; data: { batch_id: number } };
    expect(event).toMatchObject({ type: "batch.completed", campaign: "c", data: { batch_id: batch } });
    expect(verifySignature(secret, String(completed.headers["pairwise-signature"]), completed.body)).toBe(true);
    expect(verifySignature("whsec_wrong", String(completed.headers["pairwise-signature"]), completed.body)).toBe(false);
    expect(completed.headers["pairwise-event-id"]).toBe(event.id);

    // The first attempt got a 500: the same event (same id, same bytes) came again.
    await waitFor(() => receiver.received.filter((d) => d.status === 200).length === 3, "all three events delivered");
    const first = receiver.received[0]!;
    expect(first.status).toBe(500);
    expect(receiver.received.filter((d) => d.body === first.body && d.status === 200).length).toBe(1);

    const log = (await (await api.call(token, `/webhooks/${webhook.id}/deliveries`)).json()) as {
      deliveries: { id: number; status: string; attempts: number; type: string }[];
    };
    expect(log.deliveries.map((d) => d.status)).toEqual(["delivered", "delivered", "delivered"]);
    expect(log.deliveries.some((d) => d.attempts === 2)).toBe(true);

    const replay = await api.call(token, `/webhooks/${webhook.id}/deliveries/${log.deliveries[0]!.id}/replay`, { method: "POST" });
    expect(replay.status).toBe(202);
    await waitFor(() => receiver.received.filter((d) => d.status === 200).length === 4, "the replay delivered");
    const last = receiver.received[receiver.received.length - 1]!;
    expect(JSON.parse(last.body).id).toBe(JSON.parse(receiver.received.find((d) => JSON.parse(d.body).type === log.deliveries[0]!.type)!.body).id);
  });

  it("refuse a receiver URL that is not http(s), and an unknown event", async () => {
    const token = await api.token("webhooks:write");
    const post = (body: unknown) =>
      api.call(token, "/campaigns/c/webhooks", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const ftp = await post({ url: "ftp://example.com/x", events: ["item.completed"] });
    expect(ftp.status).toBe(422);
    expect(((await ftp.json()) as { error: { message: string } }).error.message).toContain("http or https");
    expect((await post({ url: "https://example.com/x", events: ["item.finished"] })).status).toBe(422);
  });

  it("survive a restart: a delivery the first worker could not make is made by the next one", async () => {
    const down = await startReceiver(() => 503);
    const token = await api.token("items:write,webhooks:write");
    const url = down.url;
    await api.call(token, "/campaigns/c/webhooks", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url, events: ["batch.completed"] }),
    });
    const worker = new WebhookDeliveryWorker(core.services, { baseDelayMs: 30_000, pollMs: 20 });
    worker.start();
    await push(token, 0, 1);
    await vote("U1");
    await waitFor(() => down.received.length >= 1, "a first attempt");
    await worker.stop();
    const port = down.port;
    await down.stop();
    // The bot is gone; the outbox row waits. The receiver comes back on the same port; a new worker starts.
    const up = await startReceiverOn(port);
    stops.push(up.stop);
    core.services.db.$client.prepare("UPDATE webhook_outbox SET next_attempt_at = 0").run(); // the backoff ran out while the bot was down
    const next = new WebhookDeliveryWorker(core.services, { baseDelayMs: 20, pollMs: 20 });
    next.start();
    stops.push(() => next.stop());
    await waitFor(() => up.received.length === 1, "delivered after the restart");
    expect(JSON.parse(up.received[0]!.body).type).toBe("batch.completed");
  });
});

async function startReceiverOn(port: number) {
  const { createServer } = await import("node:http");
  const received: { body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString() });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
  return {
    received,
    stop: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

describe("annotator.flagged", () => {
  it("is written with the vote that flagged the annotator, naming them by pseudonym", async () => {
    const token = await api.token("items:write,webhooks:write");
    await api.call(token, "/campaigns/c/webhooks", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: "https://example.com/h", events: ["annotator.flagged"] }),
    });
    await push(token, 0, 3);
    const who = { platform: "slack", workspaceId: "T1", userId: "UFAST" };
    const a = await nextAssignment(core.services, { campaign: "c", annotator: who });
    await castVote(core.services, { annotator: who, assignmentId: a.assignment.id, choice: "1" }); // no time passed: too fast
    const rows = core.services.db.$client.prepare("SELECT type, body FROM webhook_outbox").all() as { type: string; body: string }[];
    expect(rows.map((r) => r.type)).toEqual(["annotator.flagged"]);
    const data = JSON.parse(rows[0]!.body).data as { annotator: string; reason: string };
    expect(data).toMatchObject({ reason: "too_fast" });
    expect(data.annotator).toMatch(/^ann-/);
    expect(rows[0]!.body).not.toContain("UFAST");
  });
});

describe("a delivery a dead process held", () => {
  it("is taken again once its lease runs out, and delivered once to a receiver that answers", async () => {
    const { leaseDueOutbox } = await import("../../../src/storage/repos/webhooks.repo.js");
    const receiver = await startReceiver();
    stops.push(receiver.stop);
    const token = await api.token("items:write,webhooks:write");
    await api.call(token, "/campaigns/c/webhooks", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: receiver.url, events: ["batch.completed"] }),
    });
    await push(token, 0, 1);
    await vote("U1");
    // A process took the row under a lease and died before sending it (kill -9).
    const leased = await leaseDueOutbox(core.services.db, Date.now(), Date.now() + 300, 10);
    expect(leased.length).toBe(1);
    const worker = new WebhookDeliveryWorker(core.services, { baseDelayMs: 20, pollMs: 20 });
    worker.start();
    stops.push(() => worker.stop());
    await waitFor(() => receiver.received.length === 1, "delivered after the lease ran out");
    expect(JSON.parse(receiver.received[0]!.body).id).toBe(leased[0]!.eventId);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.received.length).toBe(1);
  });
});
