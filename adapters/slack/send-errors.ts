import { ErrorCode } from "@slack/web-api";
import { PlatformSendError } from "../../src/core/port.js";

/** Slack `error` strings that mean Slack failed, not the request: the message may or may not be in. */
const SLACK_SIDE = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout"]);

/**
 * Slack `error` strings that mean the bot is not in the channel: a bot posts only where it is a
 * member (docs.slack.dev/reference/methods/chat.postMessage#errors: `not_in_channel`), and a
 * private channel it was never invited to is `channel_not_found` to it.
 */
const NO_ACCESS = new Set(["not_in_channel", "channel_not_found"]);

/**
 * What a failed chat.postMessage says about the message (pure): a platform error (`ok: false`)
 * refused it, a 429 did not take it, anything else (an HTTP 5xx, a timeout, a dropped connection)
 * leaves it unknown. The message names Slack's code only; the SDK error stays as `cause`.
 */
export function slackSendError(error: unknown): PlatformSendError {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number };
  switch (e?.code) {
    case ErrorCode.RateLimitedError:
      return new PlatformSendError("throttled", `Slack rate limited the post (retry after ${e.retryAfter ?? 1} s)`, (e.retryAfter ?? 1) * 1000, {
        cause: error,
      });
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? "unknown_error";
      if (code === "ratelimited") return new PlatformSendError("throttled", "Slack rate limited the post", 1000, { cause: error });
      return new PlatformSendError(SLACK_SIDE.has(code) ? "unknown" : "refused", `Slack answered ${code}`, undefined, {
        cause: error,
        noAccess: NO_ACCESS.has(code),
      });
    }
    case ErrorCode.HTTPError:
      return new PlatformSendError("unknown", `Slack answered HTTP ${e.statusCode ?? "?"}`, undefined, { cause: error });
    default:
      return new PlatformSendError("unknown", `the post to Slack failed: ${error instanceof Error ? error.message : String(error)}`, undefined, {
        cause: error,
      });
  }
}
