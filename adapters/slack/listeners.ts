import type { App } from "@slack/bolt";
import { type InboundHandler, notice } from "../../src/core/port.js";
import type { Logger } from "../../src/logger.js";
import type { SlackAdapter } from "./index.js";
import {
  parseBlockAction,
  parseSlashCommand,
  parseViewSubmission,
  type BlockActionsPayload,
  type SlashCommandPayload,
  type ViewSubmissionPayload,
} from "./parse.js";
import { carryOut, type InteractionContext } from "./reply.js";

/**
 * Every block action and view submission is acknowledged, ours or not: an action id without a
 * listener gets no ack, Bolt's receiver gives up after 3 seconds and Slack shows the person an
 * error (docs.slack.dev/interactivity/handling-user-interaction#acknowledgment_response).
 */
const ANY = /.*/;
const STALE = notice(
  "This button no longer works: it belongs to an older message or version of Pairwise. Use the latest message, or `/pairwise help`.",
  "warning",
);
const APOLOGY = notice("Something went wrong on our side and nothing was changed. Please try again.", "danger");

/**
 * The Bolt listeners: parse into a core event, let the core answer, acknowledge, then carry out the
 * reply. The core answers before the ack because its part is synchronous SQLite work well under a
 * millisecond, and because an acknowledged vote must already be committed: what the bot said it
 * saved, it saved, through a crash. Slow work (reports, exports) comes back `deferred` at once and
 * runs after the ack. View submissions also need the answer first: their ack carries form errors.
 */
export function registerListeners(app: App, handler: InboundHandler, adapter: SlackAdapter, logger: Logger): void {
  const safely = async (what: string, ctx: InteractionContext, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      logger.error({ err: error, what, user: ctx.userId }, "slack listener failed");
      await carryOut(adapter, ctx, { kind: "private", view: APOLOGY }, logger).catch(() => undefined);
    }
  };

  app.command("/pairwise", async ({ command, ack, respond }) => {
    const payload = command as unknown as SlashCommandPayload;
    const ctx: InteractionContext = {
      source: "command",
      userId: payload.user_id,
      channelId: payload.channel_id,
      respond,
      ...(payload.trigger_id ? { triggerId: payload.trigger_id } : {}),
    };
    const reply = await handler(parseSlashCommand(payload));
    await ack();
    await safely("command", ctx, () => carryOut(adapter, ctx, reply, logger));
  });

  app.action(ANY, async ({ ack, body, respond }) => {
    const payload = body as unknown as BlockActionsPayload;
    const event = parseBlockAction(payload);
    // respond() posts to the payload's response_url: it answers where the click came from even
    // where the bot cannot post (a channel it is not in, a DM between people).
    const ctx: InteractionContext = { source: "action", userId: payload.user.id, respond };
    const channelId = event?.channel?.channelId ?? payload.channel?.id ?? payload.container?.channel_id;
    if (channelId) ctx.channelId = channelId;
    if (event?.message) ctx.messageTs = event.message.messageId;
    if (payload.trigger_id) ctx.triggerId = payload.trigger_id;
    if (!event) {
      await ack();
      logger.warn({ actionId: payload.actions?.[0]?.action_id?.slice(0, 120) }, "a block action that is not one of ours (stale or unknown); acknowledged");
      await safely("stale action", ctx, () => carryOut(adapter, ctx, { kind: "private", view: STALE }, logger));
      return;
    }
    const reply = await handler(event);
    await ack();
    await safely("action", ctx, () => carryOut(adapter, ctx, reply, logger));
  });

  app.view(ANY, async ({ ack, body }) => {
    const parsed = parseViewSubmission(body as unknown as ViewSubmissionPayload);
    if (!parsed) {
      await ack();
      return;
    }
    const ctx: InteractionContext = { source: "view", userId: parsed.event.user.userId };
    if (parsed.origin.c) ctx.channelId = parsed.origin.c;
    if (parsed.origin.t) ctx.messageTs = parsed.origin.t;
    let reply;
    try {
      reply = await handler(parsed.event);
    } catch (error) {
      logger.error({ err: error }, "view submission failed");
      await ack();
      return;
    }
    if (reply.kind === "form_errors") {
      await ack({ response_action: "errors", errors: reply.errors });
      return;
    }
    await ack();
    await safely("view", ctx, () => carryOut(adapter, ctx, reply, logger));
  });

  app.error(async (error) => {
    logger.error({ err: error }, "bolt error");
  });
}
