/**
 * How often, and how far apart, the core tries a channel post again. Delays grow geometrically:
 * `initialDelayMs`, then × `factor`, capped at `maxDelayMs`; a platform's Retry-After, when
 * longer, wins. No jitter: one process posts its channel items one at a time, so there is no herd
 * of clients to spread out, and fixed delays keep the waits predictable in logs.
 */
export interface RetryPolicy {
  /** Sends in all, the first included. */
  attempts: number;
  initialDelayMs: number;
  factor: number;
  maxDelayMs: number;
}

/** About 15 seconds of retries (1, 2, 4, 8 s) before a post is left for the next start. */
export const DEFAULT_POST_RETRY: RetryPolicy = { attempts: 5, initialDelayMs: 1000, factor: 2, maxDelayMs: 30_000 };

/** The wait after failed attempt `attempt` (1-based), at least the platform's Retry-After. */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfterMs = 0): number {
  const backoff = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (attempt - 1));
  return Math.max(backoff, retryAfterMs);
}

/** Wall-clock wait: a platform's Retry-After is wall time, not the core's injected clock. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs an idempotent call (an edit) until it succeeds, a failure is final, or `policy.attempts`
 * are used, waiting `retryDelay` between attempts. `isFinal` says which failures are not worth
 * another try (a refusal); the last failure is thrown.
 */
export async function withBackoff<T>(
  policy: RetryPolicy,
  call: () => Promise<T>,
  classify: (error: unknown) => { final: boolean; retryAfterMs?: number },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const { final, retryAfterMs } = classify(error);
      if (final || attempt >= policy.attempts) throw error;
      await sleep(retryDelay(policy, attempt, retryAfterMs));
    }
  }
}
