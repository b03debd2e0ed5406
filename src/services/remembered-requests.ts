import { ExpiringKeys, type SeenRequests } from "../core/seen-requests.js";
import { claimSeenRequest, deleteExpiredSeenRequests, insertSeenRequests, liveSeenRequests, type SeenRequestRow } from "../storage/repos/seen-requests.repo.js";
import { withTransaction, type ServiceContext } from "./context.js";

/** How long new keys wait in memory before they are written, so a burst of requests shares one write. */
const SEEN_REQUESTS_FLUSH_MS = 100;

/**
 * The replay guard's memory, kept in the database too, so a request captured before a restart is
 * still refused after it. The decision is made in memory (no database work on the request path);
 * new keys are written in small batches off it, without an fsync (they survive a crash of the
 * process, and a stop writes what is left). A write that meets a busy database waits for the next
 * batch. At start, the keys still live are read back.
 */
export class RememberedRequests implements SeenRequests {
  private readonly memory: ExpiringKeys;
  private pending: SeenRequestRow[] = [];
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly ctx: ServiceContext,
    live: SeenRequestRow[],
  ) {
    this.memory = new ExpiringKeys(() => ctx.clock.now().getTime());
    for (const row of live) this.memory.firstTime(row.key, row.expiresAt);
  }

  /** The requests served in the last minutes (by this process before a restart, or by another), ready to refuse repeats. */
  static async load(ctx: ServiceContext): Promise<RememberedRequests> {
    return new RememberedRequests(ctx, await liveSeenRequests(ctx.db, ctx.clock.now().getTime()));
  }

  firstTime(key: string, expiresAt: number): boolean {
    if (!this.memory.firstTime(key, expiresAt)) return false;
    this.pending.push({ key, expiresAt });
    this.timer ??= setTimeout(() => void this.flush(), SEEN_REQUESTS_FLUSH_MS).unref();
    return true;
  }

  /** Writes the keys not written yet; on failure (a busy database) they wait for the next batch. */
  async flush(): Promise<void> {
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      await withTransaction(
        this.ctx,
        async () => {
          await insertSeenRequests(this.ctx.db, batch);
          await deleteExpiredSeenRequests(this.ctx.db, this.ctx.clock.now().getTime());
        },
        { durable: false },
      );
    } catch (error) {
      this.ctx.logger.warn({ err: error, keys: batch.length }, "could not record served requests yet; retrying");
      this.pending = batch.concat(this.pending);
      this.timer ??= setTimeout(() => void this.flush(), SEEN_REQUESTS_FLUSH_MS).unref();
    }
  }

  /** Writes what is left; call before the database closes. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.flush();
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** How often a replica sharing the database clears the keys that expired. */
const SHARED_SWEEP_MS = 60_000;

/**
 * The replay guard of replicas sharing one database: a request is served only by the replica whose
 * claim of its key lands first, so a copy replayed to another replica (or the same one) is refused.
 * A repeat this replica already saw is refused from memory without asking the database; a first
 * sight costs one insert, which does not wait for a disk flush (losing it in a server crash means
 * only that a replay inside the signature's few minutes would not be recognised).
 */
class SharedRememberedRequests implements SeenRequests {
  private readonly memory: ExpiringKeys;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly ctx: ServiceContext) {
    this.memory = new ExpiringKeys(() => ctx.clock.now().getTime());
    this.timer = setInterval(() => void this.sweep(), SHARED_SWEEP_MS).unref();
  }

  async firstTime(key: string, expiresAt: number): Promise<boolean> {
    if (!this.memory.firstTime(key, expiresAt)) return false;
    return claimSeenRequest(this.ctx.db, key, expiresAt, this.ctx.clock.now().getTime());
  }

  private async sweep(): Promise<void> {
    try {
      await deleteExpiredSeenRequests(this.ctx.db, this.ctx.clock.now().getTime());
    } catch (error) {
      this.ctx.logger.warn({ err: error }, "could not clear expired served-request keys; trying again later");
    }
  }

  stop(): Promise<void> {
    clearInterval(this.timer);
    return Promise.resolve();
  }
}

/**
 * The replay guard for this process: in memory and written behind (one process on its SQLite file),
 * or claimed in the database (`shared`: replicas on one PostgreSQL).
 */
export async function rememberedRequestsFor(ctx: ServiceContext, options: { shared: boolean }): Promise<SeenRequests & { stop(): Promise<void> }> {
  return options.shared ? new SharedRememberedRequests(ctx) : await RememberedRequests.load(ctx);
}
