import { DiscordAPIError, HTTPError, RateLimitError } from "discord.js";
import { ErrorCode } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { discordSendError } from "../../../adapters/discord/send-errors.js";
import { slackSendError } from "../../../adapters/slack/send-errors.js";

/** The shape of @slack/web-api's coded errors (they are built by internal factories). */
const slackError = (code: string, extra: Record<string, unknown>) => Object.assign(new Error(code), { code, ...extra });

describe("what a failed send says about the message", () => {
  it("Slack: ok:false refuses, 429 throttles with its Retry-After, a 5xx, a Slack-side error or a dropped request is unknown", () => {
    expect(slackSendError(slackError(ErrorCode.PlatformError, { data: { ok: false, error: "channel_not_found" } }))).toMatchObject({
      outcome: "refused",
      message: "Slack answered channel_not_found",
    });
    expect(slackSendError(slackError(ErrorCode.PlatformError, { data: { ok: false, error: "internal_error" } })).outcome).toBe("unknown");
    expect(slackSendError(slackError(ErrorCode.RateLimitedError, { retryAfter: 3 }))).toMatchObject({ outcome: "throttled", retryAfterMs: 3000 });
    expect(slackSendError(slackError(ErrorCode.HTTPError, { statusCode: 503 }))).toMatchObject({ outcome: "unknown", message: "Slack answered HTTP 503" });
    expect(slackSendError(slackError(ErrorCode.RequestError, {})).outcome).toBe("unknown");
    expect(slackSendError(new TypeError("fetch failed")).outcome).toBe("unknown");
  });

  it("marks the refusals only an invitation fixes (the bot is not in the channel), so nobody retries them", () => {
    expect(slackSendError(slackError(ErrorCode.PlatformError, { data: { ok: false, error: "not_in_channel" } }))).toMatchObject({
      outcome: "refused",
      noAccess: true,
    });
    expect(slackSendError(slackError(ErrorCode.PlatformError, { data: { ok: false, error: "invalid_blocks" } }))).toMatchObject({
      outcome: "refused",
      noAccess: false,
    });
    expect(
      discordSendError(new DiscordAPIError({ code: 50013, message: "Missing Permissions" }, 50013, 403, "POST", "/channels/1/messages", {})),
    ).toMatchObject({ outcome: "refused", noAccess: true });
    expect(discordSendError(new DiscordAPIError({ code: 50035, message: "Invalid Form Body" }, 50035, 400, "POST", "/channels/1/messages", {}))).toMatchObject({
      outcome: "refused",
      noAccess: false,
    });
  });

  it("Discord: a 4xx refuses, a rejected rate limit throttles, a 5xx after retries or a timeout is unknown", () => {
    expect(discordSendError(new DiscordAPIError({ code: 50001, message: "Missing Access" }, 50001, 403, "POST", "/channels/1/messages", {}))).toMatchObject({
      outcome: "refused",
    });
    expect(discordSendError(new HTTPError(503, "Service Unavailable", "POST", "/channels/1/messages", {})).outcome).toBe("unknown");
    const limited = new RateLimitError({
      timeToReset: 900,
      limit: 5,
      method: "POST",
      hash: "h",
      url: "/x",
      route: "/channels/:id/messages",
      majorParameter: "1",
      global: false,
      retryAfter: 900,
      sublimitTimeout: 0,
      scope: "user",
    });
    expect(discordSendError(limited)).toMatchObject({ outcome: "throttled", retryAfterMs: 900 });
    expect(discordSendError(Object.assign(new Error("This operation was aborted"), { name: "AbortError" })).outcome).toBe("unknown");
  });
});
