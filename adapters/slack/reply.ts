import type { RespondFn } from "@slack/bolt";
import type { MessageView, Reply } from "../../src/core/port.js";
import type { Logger } from "../../src/logger.js";
import type { SlackAdapter } from "./index.js";
import type { FormOrigin } from "./parse.js";
import { renderMessage, renderModal } from "./render.js";

/** What a reply needs to know about the interaction it answers. */
export interface InteractionContext {
  source: "command" | "action" | "view";
  userId: string;
  channelId?: string;
  /** The message the interaction came from (a button's message). */
  messageTs?: string;
  triggerId?: string;
  respond?: RespondFn;
}

const DM_POINTER = "Sent you a direct message from Pairwise.";

/** Slack DM channel ids start with D; a command run there needs no "check your DMs" note. */
const isDm = (channelId?: string) => channelId?.startsWith("D") ?? false;

/** Shows a message only this user sees: the command's response_url, or chat.postEphemeral, or a DM. */
async function sendPrivately(adapter: SlackAdapter, ctx: InteractionContext, view: MessageView): Promise<void> {
  const { text, blocks } = renderMessage(view);
  if (ctx.respond && ctx.source === "command") {
    await ctx.respond({ response_type: "ephemeral", text, blocks, replace_original: false });
    return;
  }
  if (ctx.channelId) {
    // Works in channels and in the DM with the bot alike, and leaves no trace for others.
    try {
      await adapter.client.chat.postEphemeral({ channel: ctx.channelId, user: ctx.userId, text, blocks });
      return;
    } catch (error) {
      // Not where it came from (a channel the bot is not in, a DM between people): through the
      // click's response_url, which needs no membership, else in the DM with the bot.
      if (!cannotPostThere(error)) throw error;
      if (ctx.respond) {
        await ctx.respond({ response_type: "ephemeral", text, blocks, replace_original: false });
        return;
      }
    }
  }
  await adapter.client.chat.postMessage({ channel: ctx.userId, text, blocks });
}

/** Slack's answers for a conversation the bot cannot post in (docs.slack.dev/reference/methods/chat.postEphemeral#errors). */
function cannotPostThere(error: unknown): boolean {
  const code = (error as { data?: { error?: string } })?.data?.error;
  return code === "not_in_channel" || code === "channel_not_found" || code === "user_not_in_channel";
}

/**
 * Carries out a core reply in Slack. The interaction is already acknowledged (except view
 * submissions, whose ack carries `form_errors`, handled by the caller).
 */
export async function carryOut(adapter: SlackAdapter, ctx: InteractionContext, reply: Reply, logger: Logger): Promise<void> {
  switch (reply.kind) {
    case "none":
    case "form_errors": // a view submission answers these in its ack
      return;
    case "update": {
      if (ctx.channelId && ctx.messageTs) {
        await adapter.updateMessage({ platform: "slack", channelId: ctx.channelId, messageId: ctx.messageTs }, reply.view);
      } else {
        await sendPrivately(adapter, ctx, reply.view);
      }
      if (reply.privateNote) await sendPrivately(adapter, { ...ctx, respond: undefined, source: "action" } as InteractionContext, reply.privateNote);
      // The next card, as a new message in the DM with the bot, below the one just updated.
      if (reply.then) await adapter.postMessage({ kind: "direct", user: { platform: "slack", workspaceId: "", userId: ctx.userId } }, reply.then);
      return;
    }
    case "private": {
      if (reply.persistent) {
        // A card the bot edits later lives in the DM with the bot.
        await adapter.postMessage({ kind: "direct", user: { platform: "slack", workspaceId: "", userId: ctx.userId } }, reply.view);
        // Said where it went, in the channel where they asked (a command, or a button such as a
        // calibration round's Start), so the click does not look like it did nothing.
        if (isDm(ctx.channelId)) return;
        if (ctx.source === "command" && ctx.respond) await ctx.respond({ response_type: "ephemeral", text: DM_POINTER, replace_original: false });
        else if (ctx.source === "action" && ctx.channelId)
          await adapter.client.chat.postEphemeral({ channel: ctx.channelId, user: ctx.userId, text: DM_POINTER });
        return;
      }
      await sendPrivately(adapter, ctx, reply.view);
      return;
    }
    case "form": {
      if (!ctx.triggerId) throw new Error("a form reply needs a trigger_id");
      const origin: FormOrigin = {};
      if (ctx.channelId) origin.c = ctx.channelId;
      if (ctx.messageTs) origin.t = ctx.messageTs;
      await adapter.client.views.open({ trigger_id: ctx.triggerId, view: renderModal(reply.form, JSON.stringify(origin)) });
      return;
    }
    case "deferred": {
      const result = await reply.work();
      await carryOut(adapter, ctx, result, logger);
      return;
    }
    case "file": {
      const dm = await adapter.dmChannel(ctx.userId);
      await adapter.client.filesUploadV2({
        channel_id: dm,
        file_uploads: reply.files.map((f) => ({ file: f.data, filename: f.name, title: f.title ?? f.name })),
        ...(reply.view ? { initial_comment: reply.view.text } : {}),
      });
      // Buttons that go on from the files, below them in the same DM.
      if (reply.then) await adapter.postMessage({ kind: "direct", user: { platform: "slack", workspaceId: "", userId: ctx.userId } }, reply.then);
      const names = reply.files.map((f) => f.name).join(", ");
      if (ctx.source === "command" && ctx.respond && !isDm(ctx.channelId))
        await ctx.respond({ response_type: "ephemeral", text: `Sent ${names} to your direct messages.`, replace_original: false });
      return;
    }
    case "choices":
      logger.debug("autocomplete choices have no Slack equivalent; ignored");
      return;
  }
}
