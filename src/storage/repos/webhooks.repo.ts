import type { Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

export interface WebhookRow {
  id: number;
  campaignId: number;
  url: string;
  events: string[];
  status: "active" | "disabled";
  createdAt: number;
}

/** The signing secret is read only where a delivery is signed. */
export interface WebhookWithSecret extends WebhookRow {
  secret: string;
}

const COLUMNS = 'id, campaign_id AS "campaignId", url, events, status, created_at AS "createdAt"';

/** A webhook as `COLUMNS` reads it: the events still JSON. */
type RawWebhook = Omit<WebhookRow, "events"> & { events: string };

function toRow(raw: RawWebhook): WebhookRow {
  return { ...raw, events: JSON.parse(raw.events) as string[] };
}

export function insertWebhook(db: Db, w: { campaignId: number; url: string; events: string[]; secret: string; now: number }): Promise<WebhookRow> {
  return onConnection(db, async () => {
    const raw = await statement<[number, string, string, string, number], RawWebhook>(
      db,
      `INSERT INTO webhooks (campaign_id, url, events, secret, status, created_at) VALUES (?, ?, ?, ?, 'active', ?) RETURNING ${COLUMNS}`,
    ).get(w.campaignId, w.url, JSON.stringify(w.events), w.secret, w.now);
    return toRow(raw!);
  });
}

export function listWebhooks(db: Db, campaignId?: number): Promise<WebhookRow[]> {
  return onConnection(db, async () => {
    const rows =
      campaignId === undefined
        ? await statement<[], RawWebhook>(db, `SELECT ${COLUMNS} FROM webhooks ORDER BY id`).all()
        : await statement<[number], RawWebhook>(db, `SELECT ${COLUMNS} FROM webhooks WHERE campaign_id = ? ORDER BY id`).all(campaignId);
    return rows.map((r) => toRow(r));
  });
}

export function findWebhook(db: Db, id: number): Promise<WebhookRow | undefined> {
  return onConnection(db, async () => {
    const raw = await statement<[number], RawWebhook>(db, `SELECT ${COLUMNS} FROM webhooks WHERE id = ?`).get(id);
    return raw ? toRow(raw) : undefined;
  });
}

export function findWebhookWithSecret(db: Db, id: number): Promise<WebhookWithSecret | undefined> {
  return onConnection(db, async () => {
    const raw = await statement<[number], RawWebhook & { secret: string }>(db, `SELECT ${COLUMNS}, secret FROM webhooks WHERE id = ?`).get(id);
    return raw ? { ...toRow(raw), secret: raw.secret } : undefined;
  });
}

export function deleteWebhook(db: Db, id: number): Promise<boolean> {
  return onConnection(db, async () => (await statement<[number]>(db, "DELETE FROM webhooks WHERE id = ?").run(id)) === 1);
}

/** The active subscriptions of a campaign: on the vote path, one indexed read that is usually empty. */
export function activeWebhooksOf(db: Db, campaignId: number): Promise<{ id: number; events: string }[]> {
  return onConnection(db, () =>
    statement<[number], { id: number; events: string }>(db, "SELECT id, events FROM webhooks WHERE campaign_id = ? AND status = 'active'").all(campaignId),
  );
}

/** Adds an event to a webhook's outbox, due at once, once per `eventKey` (a second cause of the same event is ignored). */
export function enqueueOutbox(
  db: Db,
  o: { webhookId: number; eventId: string; eventKey: string; type: string; body: string; now: number; replayOf?: number },
): Promise<number | undefined> {
  return onConnection(db, async () => {
    const row = await statement<[number, string, string, string, string, number, number | null], { id: number }>(
      db,
      `INSERT INTO webhook_outbox (webhook_id, event_id, event_key, type, body, status, attempts, next_attempt_at, created_at, replay_of)
     VALUES (?, ?, ?, ?, ?, 'pending', 0, 0, ?, ?) ON CONFLICT (webhook_id, event_key) DO NOTHING RETURNING id`,
    ).get(o.webhookId, o.eventId, o.eventKey, o.type, o.body, o.now, o.replayOf ?? null);
    return row?.id;
  });
}

export interface OutboxRow {
  id: number;
  webhookId: number;
  eventId: string;
  eventKey: string;
  type: string;
  body: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  deliveredAt: number | null;
  replayOf: number | null;
}

const outboxColumns = (
  p: string,
) => `${p}id AS id, ${p}webhook_id AS "webhookId", ${p}event_id AS "eventId", ${p}event_key AS "eventKey", ${p}type AS type, ${p}body AS body,
  ${p}status AS status, ${p}attempts AS attempts, ${p}next_attempt_at AS "nextAttemptAt", ${p}created_at AS "createdAt", ${p}delivered_at AS "deliveredAt", ${p}replay_of AS "replayOf"`;
const OUTBOX = outboxColumns("");

/**
 * Takes up to `limit` due deliveries under a lease until `leaseUntil`: pending, due, and not held
 * by a live lease (a lease left by a process that died runs out and the row is taken again). The
 * conditions are checked again on the row being updated: on PostgreSQL a replica that leased the
 * same row meanwhile holds it, and the row is re-read after its commit and left to that replica.
 */
export function leaseDueOutbox(db: Db, now: number, leaseUntil: number, limit: number): Promise<OutboxRow[]> {
  return onConnection(db, () =>
    statement<[{ leaseUntil: number; now: number; limit: number }], OutboxRow>(
      db,
      `UPDATE webhook_outbox SET lease_until = @leaseUntil WHERE id IN (
       SELECT id FROM webhook_outbox WHERE status = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until < @now) ORDER BY next_attempt_at, id LIMIT @limit)
       AND status = 'pending' AND (lease_until IS NULL OR lease_until < @now)
     RETURNING ${OUTBOX}`,
    ).all({ leaseUntil, now, limit }),
  );
}

/** The earliest time a pending delivery is due, if any. */
export function nextDueAt(db: Db): Promise<number | undefined> {
  return onConnection(db, async () => {
    const row = await statement<[], { at: number | null }>(
      db,
      `SELECT min(CASE WHEN next_attempt_at >= coalesce(lease_until, 0) THEN next_attempt_at ELSE coalesce(lease_until, 0) END) AS at
       FROM webhook_outbox WHERE status = 'pending'`,
    ).get();
    return row?.at ?? undefined;
  });
}

export function recordAttempt(
  db: Db,
  a: { outboxId: number; attempt: number; statusCode: number | null; error: string | null; durationMs: number; at: number },
): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number, number, number | null, string | null, number, number]>(
      db,
      "INSERT INTO webhook_attempts (outbox_id, attempt, status_code, error, duration_ms, at) VALUES (?, ?, ?, ?, ?, ?)",
    ).run(a.outboxId, a.attempt, a.statusCode, a.error, a.durationMs, a.at);
  });
}

export function markOutboxDelivered(db: Db, id: number, attempts: number, now: number): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number, number, number]>(
      db,
      "UPDATE webhook_outbox SET status = 'delivered', attempts = ?, delivered_at = ?, lease_until = NULL WHERE id = ?",
    ).run(attempts, now, id);
  });
}

export function rescheduleOutbox(db: Db, id: number, attempts: number, nextAttemptAt: number, failed: boolean): Promise<void> {
  return onConnection(db, async () => {
    await statement<["failed" | "pending", number, number, number]>(
      db,
      "UPDATE webhook_outbox SET status = ?, attempts = ?, next_attempt_at = ?, lease_until = NULL WHERE id = ?",
    ).run(failed ? "failed" : "pending", attempts, nextAttemptAt, id);
  });
}

/** Gives up leases this process holds (a clean stop): the rows are due again at once for the next start. */
export function releaseOutboxLeases(db: Db, ids: number[]): Promise<void> {
  return onConnection(db, async () => {
    const release = statement<[number]>(db, "UPDATE webhook_outbox SET lease_until = NULL WHERE id = ? AND status = 'pending'");
    for (const id of ids) await release.run(id);
  });
}

export function findOutbox(db: Db, id: number): Promise<OutboxRow | undefined> {
  return onConnection(db, () => statement<[number], OutboxRow>(db, `SELECT ${OUTBOX} FROM webhook_outbox WHERE id = ?`).get(id));
}

/** A webhook's deliveries, newest first, each with its attempts. */
export function listDeliveries(
  db: Db,
  webhookId: number,
  limit: number,
  beforeId?: number,
): Promise<(OutboxRow & { lastStatusCode: number | null; lastError: string | null })[]> {
  return onConnection(db, () =>
    statement<[number, number, number], OutboxRow & { lastStatusCode: number | null; lastError: string | null }>(
      db,
      `SELECT ${outboxColumns("o.")},
            (SELECT status_code FROM webhook_attempts a WHERE a.outbox_id = o.id ORDER BY a.id DESC LIMIT 1) AS "lastStatusCode",
            (SELECT error FROM webhook_attempts a WHERE a.outbox_id = o.id ORDER BY a.id DESC LIMIT 1) AS "lastError"
     FROM webhook_outbox o WHERE o.webhook_id = ? AND o.id < ? ORDER BY o.id DESC LIMIT ?`,
    ).all(webhookId, beforeId ?? Number.MAX_SAFE_INTEGER, limit),
  );
}

export function attemptsOf(
  db: Db,
  outboxId: number,
): Promise<{ attempt: number; statusCode: number | null; error: string | null; durationMs: number; at: number }[]> {
  return onConnection(db, () =>
    statement<[number], { attempt: number; statusCode: number | null; error: string | null; durationMs: number; at: number }>(
      db,
      'SELECT attempt, status_code AS "statusCode", error, duration_ms AS "durationMs", at FROM webhook_attempts WHERE outbox_id = ? ORDER BY id',
    ).all(outboxId),
  );
}

/** Deletes up to `limit` deliveries that succeeded before `before` (with their attempts); returns how many. */
export function pruneDeliveredOutbox(db: Db, before: number, limit: number): Promise<number> {
  return onConnection(db, () =>
    statement<[number, number]>(
      db,
      "DELETE FROM webhook_outbox WHERE id IN (SELECT id FROM webhook_outbox WHERE status = 'delivered' AND delivered_at < ? LIMIT ?)",
    ).run(before, limit),
  );
}
