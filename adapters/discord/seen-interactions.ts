/**
 * Interaction ids already taken, for 15 minutes (an interaction token's life). A gateway resume
 * replays what the bot missed, and a replay may repeat an event it did get: a repeated
 * interaction is dropped, so it is not answered twice (Discord refuses a second answer, 40060).
 */
export class SeenInteractions {
  private readonly seen = new Map<string, number>();
  constructor(private readonly ttlMs = 15 * 60_000) {}

  /** True the first time an id is offered (within the TTL), false for a repeat. */
  firstTime(id: string, now = Date.now()): boolean {
    if (this.seen.size > 10_000) for (const [key, until] of this.seen) if (until < now) this.seen.delete(key);
    if ((this.seen.get(id) ?? 0) > now) return false;
    this.seen.set(id, now + this.ttlMs);
    return true;
  }
}
