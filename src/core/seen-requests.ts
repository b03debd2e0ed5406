/**
 * Remembers signed requests already served, so a replayed copy is refused (Slack's signature
 * stays valid for 5 minutes). Adapters call it only after the signature checked out, so a forger
 * cannot fill it, and with a fixed-size key (the request's HMAC).
 */
export interface SeenRequests {
  /**
   * True the first time `key` is offered before `expiresAt` (ms), false for a repeat. In memory the
   * answer is immediate; replicas sharing a database ask it, so the answer may be a promise.
   */
  firstTime(key: string, expiresAt: number): boolean | Promise<boolean>;
}

/** Most keys held in memory; past it the oldest are forgotten first (see {@link ExpiringKeys}). */
const MAX_SEEN_REQUESTS = 50_000;

/**
 * Keys with an expiry, in memory, bounded: expired keys are dropped as new ones arrive (keys come
 * in time order, so the oldest are at the front of the map), and past `capacity` the oldest live
 * key is dropped too, so memory never grows past `capacity` keys whatever arrives.
 */
export class ExpiringKeys implements SeenRequests {
  private readonly keys = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly capacity = MAX_SEEN_REQUESTS,
  ) {}

  get size(): number {
    return this.keys.size;
  }

  firstTime(key: string, expiresAt: number): boolean {
    const now = this.now();
    const known = this.keys.get(key);
    if (known !== undefined && known > now) return false;
    this.keys.delete(key);
    this.keys.set(key, expiresAt);
    for (const [oldest, until] of this.keys) {
      if (until > now && this.keys.size <= this.capacity) break;
      this.keys.delete(oldest);
    }
    return true;
  }
}
