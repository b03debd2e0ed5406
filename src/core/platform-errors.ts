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
  /**
   * For `refused`: the bot cannot post in that channel (Slack `not_in_channel`, or
   * `channel_not_found` for a private channel it was never invited to; Discord 50001 Missing
   * Access, 50013 Missing Permissions). Only a person can fix it (invite the bot), so the core
   * tells whoever asked instead of retrying.
   */
  readonly noAccess: boolean;
  constructor(
    readonly outcome: SendOutcome,
    message: string,
    /** For `throttled`: the wait the platform asked for (Retry-After). */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown; noAccess?: boolean },
  ) {
    super(message, options);
    this.noAccess = options?.noAccess === true;
  }
}

/** The outcome of any error from a send: a `PlatformSendError` says; anything else is `unknown`. */
export function sendOutcomeOf(error: unknown): { outcome: SendOutcome; retryAfterMs?: number; noAccess?: true } {
  if (error instanceof PlatformSendError) {
    return {
      outcome: error.outcome,
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      ...(error.noAccess ? { noAccess: true as const } : {}),
    };
  }
  return { outcome: "unknown" };
}

/** What someone must do so the bot can post in a channel of `platform`, as a clause ("To fix it, …"). */
export function inviteHint(platform: string): string {
  return platform === "discord"
    ? "give Pairwise the View Channel and Send Messages permissions in that channel (channel settings → Permissions)"
    : "type `/invite @Pairwise` in that channel";
}
