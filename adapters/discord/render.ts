import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  LabelBuilder,
  ModalBuilder,
  StringSelectMenuBuilder,
  StringSelectMenuOptionBuilder,
  TextDisplayBuilder,
  TextInputBuilder,
  TextInputStyle,
  type APIEmbed,
} from "discord.js";
import { type ButtonView, type FormField, type FormView, type MessageView, shareBudget, type ViewBlock } from "../../src/core/port.js";
import { toDiscordMarkdown } from "./markdown.js";

/** Discord's limits that shape rendering (research/platform-limits.md §2.2–2.3). */
const DISCORD_LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedTotal: 6000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  modalTitle: 45,
  modalComponents: 5,
  labelText: 45,
  labelDescription: 100,
  textInput: 4000,
  placeholder: 100,
  selectOptions: 25,
  optionText: 100,
} as const;
const L = DISCORD_LIMITS;

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`);

const TONES: Record<string, number> = { info: 0x5865f2, success: 0x57f287, warning: 0xfee75c, danger: 0xed4245 };

/** The embed JSON size Discord counts toward the 6000 total: titles, descriptions, fields, footers. */
function embedSize(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((s, f) => s + f.name.length + f.value.length, 0)
  );
}

function button(b: ButtonView): ButtonBuilder {
  const style = b.style === "primary" ? ButtonStyle.Primary : b.style === "danger" ? ButtonStyle.Danger : ButtonStyle.Secondary;
  return new ButtonBuilder().setCustomId(b.actionId).setLabel(clip(b.label, L.buttonLabel)).setStyle(style);
}

export interface DiscordMessage {
  content?: string;
  embeds: EmbedBuilder[];
  components: ActionRowBuilder<ButtonBuilder>[];
}

/**
 * A message view as embeds and button rows within Discord's limits: the header, text, fields and
 * context go in a first embed; each long text gets an embed of its own (description ≤ 4096), and all
 * embeds together stay under 6000 characters. When the texts do not fit, each shows a fair share of
 * its start with a note of how much is left, and a "Show full text" button joins the rows.
 */
export function renderMessage(view: MessageView): DiscordMessage {
  const color = TONES[view.tone ?? "info"]!;
  const head: APIEmbed = { color };
  const lines: string[] = [];
  const fields: { name: string; value: string; inline: boolean }[] = [];
  let footer = "";
  const buttons: ButtonView[] = [];
  const longs: Extract<ViewBlock, { type: "long_text" }>[] = [];
  const order: ("head" | number)[] = [];
  for (const b of view.blocks) {
    switch (b.type) {
      case "header":
        head.title = clip(b.text, L.embedTitle);
        if (!order.includes("head")) order.push("head");
        break;
      case "text":
        lines.push(toDiscordMarkdown(b.text));
        if (!order.includes("head")) order.push("head");
        break;
      case "fields":
        for (const f of b.fields)
          fields.push({ name: clip(f.label || "·", L.fieldName), value: clip(toDiscordMarkdown(f.value) || "·", L.fieldValue), inline: true });
        if (!order.includes("head")) order.push("head");
        break;
      case "context":
        footer = footer ? `${footer} · ${b.text}` : b.text;
        break;
      case "divider":
        break;
      case "actions":
        buttons.push(...b.buttons);
        break;
      case "image":
        lines.push(`📊 ${b.alt}`);
        break;
      case "long_text":
        order.push(longs.length);
        longs.push(b);
        break;
    }
  }
  if (lines.length > 0) head.description = clip(lines.join("\n"), L.embedDescription);
  if (fields.length > 0) head.fields = fields.slice(0, L.fields);
  if (footer) head.footer = { text: clip(footer.replace(/\*/g, ""), L.footer) };

  const headSize = embedSize(head);
  const titles = longs.reduce((s, b) => s + Math.min(b.title.length, L.embedTitle), 0);
  // Room for notes about cut texts (about 90 characters each).
  const budget = L.embedTotal - headSize - titles - longs.length * 90;
  const shares = shareBudget(
    longs.map((b) => b.text.length),
    Math.max(0, budget),
  ).map((s) => Math.min(s, L.embedDescription - 90));
  const embeds: EmbedBuilder[] = [];
  for (const slot of order) {
    if (slot === "head") {
      embeds.push(new EmbedBuilder(head));
      continue;
    }
    const b = longs[slot]!;
    const shown = Math.min(b.text.length, shares[slot]!);
    const truncated = shown < b.text.length;
    let description = b.text.slice(0, shown) || "(empty)";
    if (truncated) {
      const left = b.text.length - shown;
      description += `… \n\n*(continues: ${left.toLocaleString("en-US")} more characters not shown here${b.fullTextActionId ? ' — use "Show full text"' : ""})*`;
      if (b.fullTextActionId && !buttons.some((x) => x.actionId === b.fullTextActionId))
        buttons.push({ actionId: b.fullTextActionId, label: `Show full text: ${clip(b.title, 40)}` });
    }
    embeds.push(new EmbedBuilder({ title: clip(b.title, L.embedTitle), description: clip(description, L.embedDescription), color }));
  }
  if (!order.includes("head") && footer) embeds.push(new EmbedBuilder(head));
  const rows: ActionRowBuilder<ButtonBuilder>[] = [];
  const seen = new Set<string>();
  const unique = buttons.filter((b) => !seen.has(b.actionId) && seen.add(b.actionId));
  for (let i = 0; i < unique.length && rows.length < L.rows; i += L.buttonsPerRow) {
    rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(...unique.slice(i, i + L.buttonsPerRow).map(button)));
  }
  const message: DiscordMessage = { embeds: embeds.slice(0, L.embedsPerMessage), components: rows };
  if (embeds.length === 0) message.content = clip(toDiscordMarkdown(view.text), L.content);
  return message;
}

function labelFor(field: FormField): LabelBuilder {
  const label = new LabelBuilder().setLabel(clip(field.label, L.labelText));
  if (field.hint) label.setDescription(clip(field.hint, L.labelDescription));
  switch (field.type) {
    case "text": {
      const input = new TextInputBuilder()
        .setCustomId(field.id)
        .setStyle(field.multiline ? TextInputStyle.Paragraph : TextInputStyle.Short)
        .setRequired(field.required)
        .setMaxLength(Math.min(field.maxLength, L.textInput));
      if (field.minLength) input.setMinLength(Math.min(field.minLength, L.textInput));
      if (field.placeholder) input.setPlaceholder(clip(field.placeholder, L.placeholder));
      if (field.initial) input.setValue(field.initial.slice(0, L.textInput));
      return label.setTextInputComponent(input);
    }
    case "select":
    case "multi_select": {
      const select = new StringSelectMenuBuilder().setCustomId(field.id).setRequired(field.required);
      const initial = field.type === "select" ? (field.initial ? [field.initial] : []) : (field.initial ?? []);
      select.addOptions(
        field.options.slice(0, L.selectOptions).map((o) => {
          const option = new StringSelectMenuOptionBuilder()
            .setLabel(clip(o.label, L.optionText))
            .setValue(o.value.slice(0, L.optionText))
            .setDefault(initial.includes(o.value));
          if (o.description) option.setDescription(clip(o.description, L.optionText));
          return option;
        }),
      );
      if (field.type === "multi_select") select.setMinValues(field.required ? 1 : 0).setMaxValues(Math.min(field.options.length, L.selectOptions));
      return label.setStringSelectMenuComponent(select);
    }
  }
}

/**
 * A form as a Discord modal: each field a Label holding a text input or a string select (the
 * modal's 5-component limit is why the core splits long rubrics into pages).
 */
export function renderModal(form: FormView): ModalBuilder {
  const modal = new ModalBuilder().setCustomId(form.formId).setTitle(clip(form.title, L.modalTitle));
  // The intro takes one of the five component slots, so it shows only when there is room.
  if (form.intro && form.fields.length < L.modalComponents) modal.addTextDisplayComponents(new TextDisplayBuilder().setContent(clip(form.intro, 4000)));
  modal.addLabelComponents(...form.fields.slice(0, L.modalComponents).map(labelFor));
  return modal;
}
