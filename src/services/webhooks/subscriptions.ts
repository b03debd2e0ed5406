import { randomBytes } from "node:crypto";
import { PairwiseError } from "../../errors.js";
import {
  attemptsOf,
  deleteWebhook,
  enqueueOutbox,
  findOutbox,
  findWebhook,
  insertWebhook,
  listDeliveries,
  listWebhooks,
  type OutboxRow,
  type WebhookRow,
} from "../../storage/repos/webhooks.repo.js";
import { findCampaignById } from "../../storage/repos/campaigns.repo.js";
import { withTransaction, type ServiceContext } from "../context.js";
import { requireCampaign } from "../find-campaign.js";
import { WEBHOOK_EVENTS, type WebhookEvent } from "./events.js";

/** Checks a receiver URL: http or https, with a host. Anything else (file:, ftp:, a typo) is refused before it is stored. */
function checkReceiverUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PairwiseError(
      "VALIDATION",
      `field "url": "${text.slice(0, 200)}" is not a URL; give the receiver's full address, such as https://trainer.example.com/pairwise-events.`,
      { location: { field: "url" } },
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new PairwiseError("VALIDATION", `field "url": a webhook receiver must be an http or https URL, not ${url.protocol}.`, { location: { field: "url" } });
  }
  if (url.username || url.password)
    throw new PairwiseError("VALIDATION", `field "url": put no credentials in the URL; verify deliveries with the signing secret instead.`, {
      location: { field: "url" },
    });
  return url.toString();
}

/**
 * Subscribes a receiver to some of a campaign's events. Returns the signing secret once: it is
 * kept (the bot signs with it) but never shown again nor logged.
 */
export async function createWebhook(
  ctx: ServiceContext,
  input: { campaign: string; url: string; events: string[] },
): Promise<{ webhook: WebhookRow; secret: string }> {
  const campaign = await requireCampaign(ctx, input.campaign);
  const url = checkReceiverUrl(input.url);
  const unknown = input.events.filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
  if (unknown.length > 0 || input.events.length === 0) {
    throw new PairwiseError(
      "VALIDATION",
      `field "events": ${unknown.length > 0 ? `unknown event ${unknown.map((e) => `"${e}"`).join(", ")}` : "no event named"}. Events: ${WEBHOOK_EVENTS.join(", ")}.`,
      { location: { field: "events" } },
    );
  }
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  const events = WEBHOOK_EVENTS.filter((e) => input.events.includes(e));
  const webhook = await withTransaction(
    ctx,
    async () => await insertWebhook(ctx.db, { campaignId: campaign.id, url, events, secret, now: ctx.clock.now().getTime() }),
  );
  return { webhook, secret };
}

/** A webhook as the API shows it (never its secret). */
export async function webhookView(ctx: ServiceContext, w: WebhookRow) {
  return {
    id: w.id,
    campaign: (await findCampaignById(ctx.db, w.campaignId))?.name ?? "",
    url: w.url,
    events: w.events,
    status: w.status,
    created_at: new Date(w.createdAt).toISOString(),
  };
}

export async function requireWebhook(ctx: ServiceContext, id: number): Promise<WebhookRow> {
  const hook = await findWebhook(ctx.db, id);
  if (!hook) throw new PairwiseError("NOT_FOUND", `No webhook ${id}. List them with GET /campaigns/{campaign}/webhooks or pairwise webhook list.`);
  return hook;
}

export async function webhooksOf(ctx: ServiceContext, campaign?: string): Promise<WebhookRow[]> {
  return await listWebhooks(ctx.db, campaign === undefined ? undefined : (await requireCampaign(ctx, campaign)).id);
}

export async function removeWebhook(ctx: ServiceContext, id: number): Promise<void> {
  await requireWebhook(ctx, id);
  await withTransaction(ctx, async () => await deleteWebhook(ctx.db, id));
}

/** A delivery as the log shows it. */
export interface DeliveryView {
  id: number;
  event_id: string;
  type: WebhookEvent;
  status: OutboxRow["status"];
  attempts: number;
  next_attempt_at: string | null;
  created_at: string;
  delivered_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  replay_of: number | null;
}

export async function deliveryLog(ctx: ServiceContext, webhookId: number, options: { limit?: number; before?: number } = {}): Promise<DeliveryView[]> {
  await requireWebhook(ctx, webhookId);
  return (await listDeliveries(ctx.db, webhookId, Math.min(options.limit ?? 50, 500), options.before)).map((o) => ({
    id: o.id,
    event_id: o.eventId,
    type: o.type as WebhookEvent,
    status: o.status,
    attempts: o.attempts,
    next_attempt_at: o.status === "pending" ? new Date(o.nextAttemptAt).toISOString() : null,
    created_at: new Date(o.createdAt).toISOString(),
    delivered_at: o.deliveredAt === null ? null : new Date(o.deliveredAt).toISOString(),
    last_status_code: o.lastStatusCode,
    last_error: o.lastError,
    replay_of: o.replayOf,
  }));
}

export async function deliveryAttempts(ctx: ServiceContext, deliveryId: number) {
  return (await attemptsOf(ctx.db, deliveryId)).map((a) => ({
    attempt: a.attempt,
    status_code: a.statusCode,
    error: a.error,
    duration_ms: a.durationMs,
    at: new Date(a.at).toISOString(),
  }));
}

/**
 * Sends a delivery again: a new outbox row with the same event (same id and body, so a receiver
 * that saw it dedupes), due at once. The original row keeps its history.
 */
export async function replayDelivery(ctx: ServiceContext, deliveryId: number, webhookId?: number): Promise<number> {
  const original = await findOutbox(ctx.db, deliveryId);
  if (!original || (webhookId !== undefined && original.webhookId !== webhookId))
    throw new PairwiseError("NOT_FOUND", `No delivery ${deliveryId}${webhookId !== undefined ? ` of webhook ${webhookId}` : ""}. See the delivery log.`);
  const now = ctx.clock.now().getTime();
  return await withTransaction(ctx, async () => {
    const id = await enqueueOutbox(ctx.db, {
      webhookId: original.webhookId,
      eventId: original.eventId,
      eventKey: `replay:${deliveryId}:${now}:${Math.random().toString(36).slice(2)}`,
      type: original.type,
      body: original.body,
      now,
      replayOf: deliveryId,
    });
    return id!;
  });
}
