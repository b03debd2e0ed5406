/**
 * What is known about a send that failed. The core's next step depends on it:
 * - `refused`: the platform refused the message for good (bad request, no access, unknown
 *   channel). It was not posted; sending it again gives the same answer.
 * - `throttled`: rate limited (429). It was not posted; send again after `retryAfterMs`.
 * - `unknown`: a 5xx, a timeout, a dropped connection. It may have been posted, its answer lost:
 *   look on the platform before sending it again.
 */
export type SendOutcome = "refused" | "throttled" | "unknown";

/**
 * The error an adapter's `postMessage` rejects with when called with `PostOptions`. Its message
 * names the platform's error code and never a credential; `cause` keeps the SDK's error for logs.
 */
export class PlatformSendError extends Error {
  override readonly name = "PlatformSendError";
  constructor(
    readonly outcome: SendOutcome,
    message: string,
    /** For `throttled`: the wait the platform asked for (Retry-After). */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The outcome of any error from a send: a `PlatformSendError` says; anything else is `unknown`. */
export function sendOutcomeOf(error: unknown): { outcome: SendOutcome; retryAfterMs?: number } {
  if (error instanceof PlatformSendError) return error.retryAfterMs === undefined ? { outcome: error.outcome } : { outcome: error.outcome, retryAfterMs: error.retryAfterMs };
  return { outcome: "unknown" };
}
