import { DiscordAPIError, HTTPError, RateLimitError } from "discord.js";
import { PlatformSendError } from "../../src/core/port.js";

/**
 * Discord's JSON error codes for a channel the bot cannot see or post in: 50001 Missing Access,
 * 50013 Missing Permissions (docs.discord.com/developers/topics/opcodes-and-status-codes#json-json-error-codes).
 */
const NO_ACCESS = new Set([50001, 50013]);

/**
 * What a failed message create says about the message (pure): a 4xx (missing access, unknown
 * channel, invalid form body) refused it; a rate limit the REST client was told to reject did not
 * take it; a 5xx after the REST client's own retries, a timeout or a dropped connection leaves it
 * unknown. The message names Discord's code only; the SDK error stays as `cause`.
 */
export function discordSendError(error: unknown): PlatformSendError {
  if (error instanceof RateLimitError)
    return new PlatformSendError("throttled", `Discord rate limited the post (retry after ${error.retryAfter} ms)`, error.retryAfter, { cause: error });
  if (error instanceof DiscordAPIError && error.status >= 400 && error.status < 500 && error.status !== 429) {
    return new PlatformSendError("refused", `Discord answered ${error.status} (code ${String(error.code)})`, undefined, {
      cause: error,
      noAccess: NO_ACCESS.has(Number(error.code)),
    });
  }
  if (error instanceof HTTPError) return new PlatformSendError("unknown", `Discord answered HTTP ${error.status}`, undefined, { cause: error });
  return new PlatformSendError("unknown", `the post to Discord failed: ${error instanceof Error ? error.message : String(error)}`, undefined, { cause: error });
}
