import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import type { Db } from "../../storage/database.js";
import { activeWebhooksOf, enqueueOutbox } from "../../storage/repos/webhooks.repo.js";

/** The events a campaign's webhooks can subscribe to. */
export const WEBHOOK_EVENTS = ["item.completed", "batch.completed", "annotator.flagged", "calibration.closed", "export.ready"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The JSON every delivery carries. `id` is the same on every attempt and replay: receivers dedupe on it. */
interface EventBody {
  id: string;
  type: WebhookEvent;
  created_at: string;
  campaign: string;
  data: Record<string, unknown>;
}

function newEventId(): string {
  return `evt_${randomBytes(12).toString("hex")}`;
}

/**
 * Writes an event into the outbox of every active webhook of the campaign subscribed to its type,
 * inside the caller's transaction, so the event exists exactly when what caused it was committed.
 * `key` names the cause (`item.completed:1234`): the same cause twice is one event. With no
 * subscription this is one indexed read that finds nothing, which is all the vote path pays.
 * Returns how many deliveries it queued.
 */
export async function emitEvent(
  db: Db,
  e: { campaignId: number; campaign: string; type: WebhookEvent; key: string; data: Record<string, unknown>; now: number },
): Promise<number> {
  const hooks = await activeWebhooksOf(db, e.campaignId);
  if (hooks.length === 0) return 0;
  const subscribed = hooks.filter((h) => (JSON.parse(h.events) as string[]).includes(e.type));
  if (subscribed.length === 0) return 0;
  const body: EventBody = { id: newEventId(), type: e.type, created_at: new Date(e.now).toISOString(), campaign: e.campaign, data: e.data };
  const text = JSON.stringify(body);
  let queued = 0;
  for (const hook of subscribed)
    if ((await enqueueOutbox(db, { webhookId: hook.id, eventId: body.id, eventKey: `${e.type}:${e.key}`, type: e.type, body: text, now: e.now })) !== undefined)
      queued++;
  if (queued > 0) for (const listener of outboxListeners) outsideAnyTransaction(listener);
  return queued;
}

/**
 * Runs a listener in the async context this module was loaded in, not the caller's: the caller is
 * inside a transaction, and a timer the listener starts (the worker's wake-up) would otherwise
 * carry that transaction's scope, so the worker's statements would run on the transaction's
 * connection while it is open (PostgreSQL) or be taken for the transaction's own work (SQLite).
 */
const outsideAnyTransaction = AsyncLocalStorage.snapshot();

/** Called after an event is queued (the delivery worker of this process wakes up; it also polls). */
const outboxListeners = new Set<() => void>();
export function onOutboxQueued(listener: () => void): () => void {
  outboxListeners.add(listener);
  return () => outboxListeners.delete(listener);
}
