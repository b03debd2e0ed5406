/**
 * The work the core runs after it has answered an interaction (DMs, lead notices, channel posts,
 * deferred replies, bake-off rounds). Tracked so that a stop can let it finish before the database
 * closes, and so that a test can wait for it instead of sleeping a guessed number of milliseconds.
 */
export class BackgroundWork {
  private readonly pending = new Set<Promise<unknown>>();

  /** Tracks `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const forget = () => this.pending.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** How many pieces of work are still running. */
  get size(): number {
    return this.pending.size;
  }

  /**
   * Resolves once nothing tracked is running, including work started by work that was running
   * when it was called. With `timeoutMs`, resolves `false` when that time passes first.
   */
  async idle(timeoutMs?: number): Promise<boolean> {
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    while (this.pending.size > 0) {
      const all = Promise.allSettled([...this.pending]);
      if (deadline === undefined) {
        await all;
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), left)));
      const outcome = await Promise.race([all, timedOut]);
      clearTimeout(timer);
      if (outcome === "timeout") return false;
    }
    return true;
  }
}
