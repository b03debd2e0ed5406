import type { Logger } from "../../logger.js";
import {
  findWebhookWithSecret,
  leaseDueOutbox,
  markOutboxDelivered,
  nextDueAt,
  recordAttempt,
  releaseOutboxLeases,
  rescheduleOutbox,
  type OutboxRow,
} from "../../storage/repos/webhooks.repo.js";
import { withTransaction, type ServiceContext } from "../context.js";
import { onOutboxQueued } from "./events.js";
import { SIGNATURE_HEADER, signatureHeader } from "./sign.js";

export interface DeliveryPolicy {
  /** First retry after about this long; each next one doubles it (with jitter), up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** After this many attempts a delivery is marked failed (it stays in the log and can be replayed). */
  maxAttempts: number;
  /** A receiver that takes longer than this counts as failed. */
  timeoutMs: number;
  /** How often the worker looks for due deliveries queued by other processes (the CLI). */
  pollMs: number;
  /** Deliveries in flight at once. */
  concurrency: number;
}

/** 1 s, 2 s, 4 s … up to an hour, 15 attempts: a receiver down for about half a day still gets everything. */
export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  baseDelayMs: 1000,
  maxDelayMs: 3_600_000,
  maxAttempts: 15,
  timeoutMs: 10_000,
  pollMs: 1000,
  concurrency: 8,
};

/** The delay before attempt `attempts + 1`: exponential, with "equal jitter" (half fixed, half random) so receivers coming back are not hit by every bot at once. */
export function backoffDelay(policy: DeliveryPolicy, attempts: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Delivers the outbox: takes due rows under a lease (so two processes never send the same row at
 * once, and a row a dead process held is taken again when its lease runs out), POSTs each signed
 * body, logs every attempt, and marks the row delivered on a 2xx or schedules the next attempt.
 * At least once: a row is marked delivered only after a receiver said 2xx, so a crash in between
 * sends it again (with the same event id, for the receiver to dedupe).
 */
export class WebhookDeliveryWorker {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = true;
  private readonly inFlight = new Map<number, Promise<void>>();
  private unsubscribe: (() => void) | undefined;
  private readonly policy: DeliveryPolicy;

  constructor(
    private readonly ctx: ServiceContext,
    policy: Partial<DeliveryPolicy> = {},
    private readonly fetcher: typeof fetch = globalThis.fetch,
  ) {
    this.policy = { ...DEFAULT_DELIVERY_POLICY, ...policy };
  }

  private get logger(): Logger {
    return this.ctx.logger;
  }

  start(): void {
    this.stopped = false;
    this.unsubscribe = onOutboxQueued(() => this.wake(0));
    this.wake(0);
  }

  /** Stops taking rows, waits for the deliveries in flight (up to `graceMs`), and gives up the leases of any still going. */
  async stop(graceMs = 2000): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    const pending = [...this.inFlight.values()];
    await Promise.race([Promise.allSettled(pending), new Promise((r) => setTimeout(r, graceMs).unref())]);
    const left = [...this.inFlight.keys()];
    if (left.length > 0) {
      try {
        await withTransaction(this.ctx, async () => await releaseOutboxLeases(this.ctx.db, left));
      } catch (error) {
        this.logger.warn({ err: error }, "could not release webhook delivery leases; they run out on their own");
      }
    }
  }

  private wake(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), Math.max(0, delayMs));
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = true;
    try {
      const room = this.policy.concurrency - this.inFlight.size;
      const now = Date.now();
      // A read first: the write lock is taken only when something is due (the CLI may be importing).
      const due = room > 0 ? await nextDueAt(this.ctx.db) : undefined;
      if (due !== undefined && due <= now) {
        const rows = await withTransaction(this.ctx, async () => await leaseDueOutbox(this.ctx.db, now, now + this.policy.timeoutMs + 5000, room), {
          durable: false,
        });
        for (const row of rows) {
          const done = this.deliver(row).finally(() => {
            this.inFlight.delete(row.id);
            this.wake(0);
          });
          this.inFlight.set(row.id, done);
        }
      }
    } catch (error) {
      this.logger.warn({ err: error }, "webhook outbox read failed; trying again");
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    let next = this.policy.pollMs;
    try {
      const due = await nextDueAt(this.ctx.db);
      if (due !== undefined) next = Math.min(next, due - Date.now());
    } catch {
      // read again at the next poll
    }
    this.wake(Math.max(next, this.inFlight.size >= this.policy.concurrency ? this.policy.pollMs : 5));
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const hook = await findWebhookWithSecret(this.ctx.db, row.webhookId);
    const attempt = row.attempts + 1;
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    if (!hook || hook.status !== "active") {
      error = hook ? "webhook disabled" : "webhook deleted";
    } else {
      const timestamp = Math.floor(Date.now() / 1000);
      try {
        const response = await this.fetcher(hook.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "user-agent": "pairwise-webhooks/1",
            [SIGNATURE_HEADER]: signatureHeader(hook.secret, timestamp, row.body),
            "Pairwise-Event-Id": row.eventId,
            "Pairwise-Event-Type": row.type,
            "Pairwise-Delivery-Id": String(row.id),
          },
          body: row.body,
          redirect: "manual",
          signal: AbortSignal.timeout(this.policy.timeoutMs),
        });
        statusCode = response.status;
        await response.body?.cancel().catch(() => undefined);
        if (statusCode < 200 || statusCode >= 300) error = `receiver answered ${statusCode}`;
      } catch (caught) {
        // Only the cause's code and message: never the URL (it may carry a receiver's own token).
        const cause = (caught as { cause?: { code?: string; message?: string } }).cause;
        error =
          (caught as Error).name === "TimeoutError"
            ? `no answer within ${this.policy.timeoutMs} ms`
            : (cause?.code ?? cause?.message ?? (caught as Error).message ?? "request failed");
      }
    }
    const now = Date.now();
    const delivered = error === null;
    const giveUp = !delivered && (attempt >= this.policy.maxAttempts || !hook);
    try {
      await withTransaction(this.ctx, async () => {
        await recordAttempt(this.ctx.db, { outboxId: row.id, attempt, statusCode, error, durationMs: now - started, at: now });
        if (delivered) await markOutboxDelivered(this.ctx.db, row.id, attempt, now);
        else await rescheduleOutbox(this.ctx.db, row.id, attempt, now + backoffDelay(this.policy, attempt, Math.random), giveUp);
      });
    } catch (caught) {
      // The lease runs out and the row is sent again: at least once, never lost.
      this.logger.warn({ err: caught, delivery: row.id }, "could not record a webhook delivery; it will be sent again");
      return;
    }
    if (!delivered)
      this.logger.info(
        { delivery: row.id, webhook: row.webhookId, type: row.type, attempt, statusCode, giveUp },
        giveUp ? "webhook delivery failed for good" : "webhook delivery failed; will retry",
      );
  }
}
