/**
 * Per-token token buckets: each token may make `ratePerMinute` requests a minute, in bursts of up
 * to a tenth of a minute's worth (at least 10). In memory: a restart refills every bucket, which
 * costs nothing worse than one burst.
 */
export class RateLimiter {
  private readonly buckets = new Map<number, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one request from the token's bucket: 0 when allowed, or the seconds to wait before the next one will be. */
  take(tokenId: number, ratePerMinute: number): number {
    const capacity = Math.max(10, Math.ceil(ratePerMinute / 10));
    const perMs = ratePerMinute / 60_000;
    const now = this.now();
    const bucket = this.buckets.get(tokenId) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.buckets.set(tokenId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }
}
