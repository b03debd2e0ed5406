import { parseButton } from "../../adapters/discord/parse.js";
import { renderMessage as renderDiscord } from "../../adapters/discord/render.js";
import { parseBlockAction } from "../../adapters/slack/parse.js";
import { renderMessage as renderSlack } from "../../adapters/slack/render.js";
import { parseTerminalLine } from "../../adapters/terminal/parse.js";
import { commandForAction, renderMessage as renderTerminal } from "../../adapters/terminal/render.js";
import { tryParseAction, type Action } from "../../src/core/action-ids.js";
import { validateMessage } from "../fakes/fake-discord/validate.js";
import { validateMessageBlocks } from "../fakes/fake-slack/validate-blocks.js";
import { chatPlatformContract } from "./chat-platform.contract.js";

chatPlatformContract({
  name: "slack",
  render(view) {
    const { blocks } = renderSlack(view);
    const json = JSON.stringify(blocks);
    const actions = blocks.flatMap((b) => (b.type === "actions" ? b.elements.map((e) => ("action_id" in e ? String(e.action_id) : "")) : []));
    const text = blocks.map((b) => ("text" in b && b.text ? (typeof b.text === "string" ? b.text : b.text.text) : "")).join("\n");
    return { text: `${text}\n${json}`, actions, accepted: validateMessageBlocks(blocks) === undefined };
  },
  click(actionId) {
    return parseBlockAction({
      type: "block_actions",
      user: { id: "U1", team_id: "T1" },
      actions: [{ action_id: actionId }],
      channel: { id: "D1" },
      message: { ts: "1.2" },
    })?.action;
  },
});

chatPlatformContract({
  name: "discord",
  render(view) {
    const m = renderDiscord(view);
    const json = { content: m.content, embeds: m.embeds.map((e) => e.toJSON()), components: m.components.map((c) => c.toJSON()) };
    const actions = json.components.flatMap((row) => (row.components as { custom_id?: string }[]).map((c) => String(c.custom_id)));
    const text = json.embeds.map((e) => `${e.title ?? ""}\n${e.description ?? ""}`).join("\n");
    return { text, actions, accepted: validateMessage(json as unknown as Record<string, unknown>) === undefined };
  },
  click(actionId) {
    return parseButton({
      id: "1",
      type: 3,
      guild_id: "G",
      channel_id: "C",
      member: { user: { id: "U1", username: "u" } },
      data: { custom_id: actionId },
      message: { id: "M", channel_id: "C" },
    })?.action;
  },
});

// The terminal has no buttons: each action is a typed command, read back through the card on screen.
let lastActions: string[] = [];
chatPlatformContract({
  name: "terminal",
  render(view) {
    lastActions = view.blocks.flatMap((b) =>
      b.type === "actions" ? b.buttons.map((x) => x.actionId) : b.type === "long_text" && b.fullTextActionId ? [b.fullTextActionId] : [],
    );
    // The terminal prints every text whole, so nothing is ever cut.
    return { text: renderTerminal(view), actions: lastActions, accepted: true };
  },
  click(actionId) {
    const action = tryParseAction(actionId);
    if (!action) return undefined;
    const typed = commandForAction(action);
    if (!typed) return undefined;
    const input = parseTerminalLine(typed);
    const match = lastActions
      .map((id) => tryParseAction(id))
      .find((a): a is Action => {
        if (!a) return false;
        if (input.kind === "vote") return a.verb === "vote" && a.choice === input.choice;
        if (input.kind === "skip") return a.verb === "skip";
        if (input.kind === "full") return a.verb === "full_text" && a.part === input.part;
        return false;
      });
    return match;
  },
});
