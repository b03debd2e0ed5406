import type { ActionsBlock, Button, KnownBlock, ModalView, PlainTextOption, InputBlock, SectionBlock } from "@slack/types";
import type { ButtonView, FormField, FormView, MessageView, ViewBlock } from "../../src/core/port.js";
import { clip, escapeMrkdwn, SLACK_LIMITS as L } from "./limits.js";
import { shareBudget, splitText } from "./long-text.js";
import { fittingPrefix, markdownToMrkdwn, splitMrkdwn } from "./mrkdwn.js";

const plain = (text: string, max: number = L.sectionText) => ({ type: "plain_text" as const, text: clip(text, max) || " ", emoji: true });
const mrkdwn = (text: string, max: number = L.sectionText) => ({ type: "mrkdwn" as const, text: clip(text, max) || " " });

/**
 * Core markdown (`*bold*`) is Slack mrkdwn already; only the control characters need escaping,
 * except the core's channel and user mentions (`<#C…>`, `<@U…>`, core/mentions.ts), which Slack
 * shows as names. Special mentions (`<!here>`, `<!channel>`) stay escaped: nothing pings.
 */
const md = (text: string) => escapeMrkdwn(text).replace(/&lt;([#@][A-Z0-9]+)&gt;/g, "<$1>");

/**
 * Model text as mrkdwn, `verbatim`: Slack then links no URL or channel name and parses no mention
 * on its own (docs.slack.dev/reference/block-kit/composition-objects/text-object).
 */
const modelText = (text: string) => ({ type: "mrkdwn" as const, text: text || " ", verbatim: true });

function button(b: ButtonView): Button {
  const out: Button = { type: "button", action_id: b.actionId, text: plain(b.label, L.buttonText), value: b.actionId.slice(0, 2000) };
  if (b.style === "primary" || b.style === "danger") out.style = b.style;
  return out;
}

/** Slack allows 25 elements per actions block; longer rows wrap. */
function actionBlocks(buttons: readonly ButtonView[]): ActionsBlock[] {
  const blocks: ActionsBlock[] = [];
  for (let i = 0; i < buttons.length; i += L.actionsElements) blocks.push({ type: "actions", elements: buttons.slice(i, i + L.actionsElements).map(button) });
  return blocks;
}

function textLength(block: KnownBlock): number {
  switch (block.type) {
    case "section":
      return (block.text?.text.length ?? 0) + (block.fields ?? []).reduce((s, f) => s + f.text.length, 0);
    case "header":
      return block.text.text.length;
    case "context":
      return block.elements.reduce((s, e) => s + ("text" in e ? e.text.length : 0), 0);
    case "actions":
      return block.elements.reduce((s, e) => s + ("text" in e && e.text ? e.text.text.length : 0), 0);
    default:
      return 0;
  }
}

function simpleBlocks(block: Exclude<ViewBlock, { type: "long_text" }>): KnownBlock[] {
  switch (block.type) {
    case "header":
      return [{ type: "header", text: plain(block.text, L.headerText) }];
    case "text":
      return splitText(md(block.text), L.sectionText).map((t): SectionBlock => ({ type: "section", text: mrkdwn(t) }));
    case "fields": {
      const out: SectionBlock[] = [];
      for (let i = 0; i < block.fields.length; i += L.fieldsPerSection) {
        out.push({
          type: "section",
          fields: block.fields.slice(i, i + L.fieldsPerSection).map((f) => mrkdwn(`*${md(f.label)}*\n${md(f.value)}`, L.fieldText)),
        });
      }
      return out;
    }
    case "context":
      return [{ type: "context", elements: [mrkdwn(md(block.text))] }];
    case "divider":
      return [{ type: "divider" }];
    case "actions":
      return actionBlocks(block.buttons);
    case "image":
      return [{ type: "context", elements: [mrkdwn(`📊 ${md(block.alt)} (attached below)`)] }];
  }
}

/**
 * A message view as Block Kit, within Slack's limits. Long texts (prompts, responses) are split
 * across sections of at most 3000 characters; when all of them cannot fit the message budget, each
 * shows a fair share of its start, says how much is left, and a "Show full text" button joins the
 * actions. Nothing is cut silently.
 */
export function renderMessage(view: MessageView): { text: string; blocks: KnownBlock[] } {
  const fixed = view.blocks.filter((b): b is Exclude<ViewBlock, { type: "long_text" }> => b.type !== "long_text");
  const longs = view.blocks.filter((b): b is Extract<ViewBlock, { type: "long_text" }> => b.type === "long_text");
  const fixedRendered = new Map(fixed.map((b) => [b, simpleBlocks(b)]));
  const fixedText = [...fixedRendered.values()].flat().reduce((s, b) => s + textLength(b), 0);
  const fixedCount = [...fixedRendered.values()].flat().length;
  // Room for the long texts: the character budget, and blocks (a title + at least one chunk each, plus a spare actions row).
  const titles = longs.reduce((s, b) => s + b.title.length + 4, 0);
  const charBudget = L.messageBlockText - fixedText - titles - longs.length * 80;
  const blockBudget = L.blocksPerMessage - fixedCount - longs.length - 1;
  // Budgets count what is sent: the text after escaping and conversion to mrkdwn.
  const converted = new Map(longs.map((b) => [b, markdownToMrkdwn(b.text)]));
  const allowance = shareBudget(
    longs.map((b) => converted.get(b)!.length),
    Math.min(charBudget, Math.max(0, blockBudget) * L.sectionText),
  );
  const maxChunksEach = Math.max(1, Math.floor(Math.max(0, blockBudget) / Math.max(1, longs.length)));

  const fullTextButtons: ButtonView[] = [];
  const blocks: KnownBlock[] = [];
  for (const b of view.blocks) {
    if (b.type !== "long_text") {
      blocks.push(...fixedRendered.get(b)!);
      continue;
    }
    const i = longs.indexOf(b);
    // Room in sent characters; each chunk may grow by a closed and reopened code fence.
    const room = Math.min(allowance[i]!, maxChunksEach * (L.sectionText - 8));
    const whole = converted.get(b)!;
    const shown = whole.length <= room ? b.text.length : fittingPrefix(b.text, Math.max(0, room - 8));
    const truncated = shown < b.text.length;
    blocks.push({ type: "section", text: mrkdwn(`*${md(b.title)}*`) });
    const body = shown === b.text.length ? whole : markdownToMrkdwn(b.text.slice(0, shown));
    if (body.trim().length > 0) for (const chunk of splitMrkdwn(body, L.sectionText, splitText)) blocks.push({ type: "section", text: modelText(chunk) });
    else if (!truncated) blocks.push({ type: "section", text: plain("(empty)") });
    if (truncated) {
      const left = b.text.length - shown;
      const how = b.fullTextActionId ? ' Use "Show full text" to read it all.' : "";
      blocks.push({ type: "context", elements: [mrkdwn(`… continues: ${left.toLocaleString("en-US")} more characters not shown here.${how}`)] });
      if (b.fullTextActionId && !fullTextButtons.some((x) => x.actionId === b.fullTextActionId))
        fullTextButtons.push({ actionId: b.fullTextActionId, label: `Show full text: ${clip(b.title, 40)}` });
    }
  }
  if (fullTextButtons.length > 0) blocks.push(...actionBlocks(fullTextButtons));
  return { text: clip(view.text, 3000) || " ", blocks: blocks.slice(0, L.blocksPerMessage) };
}

function option(o: { value: string; label: string; description?: string }): PlainTextOption {
  const out: PlainTextOption = { text: plain(o.label, L.optionText), value: o.value.slice(0, L.optionValue) };
  if (o.description) out.description = plain(o.description, L.optionText);
  return out;
}

function inputBlock(field: FormField): InputBlock {
  const base = { type: "input" as const, block_id: field.id, label: plain(field.label, L.inputLabel), optional: !field.required };
  const hint = field.hint ? { hint: plain(field.hint, L.inputLabel) } : {};
  switch (field.type) {
    case "text": {
      const element: InputBlock["element"] & { type: "plain_text_input" } = {
        type: "plain_text_input",
        action_id: "v",
        multiline: field.multiline,
        max_length: Math.min(field.maxLength, L.plainTextInput),
      };
      if (field.minLength) element.min_length = Math.min(field.minLength, L.plainTextInput);
      if (field.initial) element.initial_value = field.initial.slice(0, L.plainTextInput);
      if (field.placeholder) element.placeholder = plain(field.placeholder, 150);
      return { ...base, ...hint, element };
    }
    case "select": {
      const options = field.options.slice(0, L.optionsPerSelect).map(option);
      const initial = options.find((o) => o.value === field.initial);
      return {
        ...base,
        ...hint,
        element: { type: "static_select", action_id: "v", options, ...(initial ? { initial_option: initial } : {}), placeholder: plain("Choose", 150) },
      };
    }
    case "multi_select": {
      const options = field.options.map(option);
      const initial = options.filter((o) => o.value !== undefined && (field.initial ?? []).includes(o.value));
      if (options.length <= L.checkboxOptions) {
        return { ...base, ...hint, element: { type: "checkboxes", action_id: "v", options, ...(initial.length > 0 ? { initial_options: initial } : {}) } };
      }
      return {
        ...base,
        ...hint,
        element: {
          type: "multi_static_select",
          action_id: "v",
          options: options.slice(0, L.optionsPerSelect),
          ...(initial.length > 0 ? { initial_options: initial } : {}),
        },
      };
    }
  }
}

/** A form as a Slack modal. Each input's block_id is the field id, so validation errors land on it. */
export function renderModal(form: FormView, privateMetadata: string): ModalView {
  const blocks: KnownBlock[] = [];
  if (form.intro) blocks.push({ type: "section", text: mrkdwn(md(form.intro)) });
  for (const field of form.fields.slice(0, L.blocksPerModal - blocks.length)) blocks.push(inputBlock(field));
  return {
    type: "modal",
    callback_id: form.formId,
    title: plain(form.title, L.modalTitle),
    submit: plain(form.submitLabel, L.modalTitle),
    close: plain("Cancel", L.modalTitle),
    private_metadata: privateMetadata.slice(0, L.privateMetadata),
    blocks,
  };
}
