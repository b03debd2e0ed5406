import { AttachmentBuilder, ButtonBuilder, ButtonStyle, ActionRowBuilder, MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type ModalSubmitInteraction } from "discord.js";
import { encodeAction } from "../../src/core/action-ids.js";
import type { Reply } from "../../src/core/events.js";
import type { FormView } from "../../src/core/views.js";
import type { Logger } from "../../src/logger.js";
import { renderMessage, renderModal } from "./render.js";

export type RepliableInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

/**
 * Drafts of forms that came back with errors, kept so the "Fix and resubmit" button can reopen the
 * modal at once with the typed text (a modal must be the first response; there is no time for a
 * lookup elsewhere). Presentation state only; entries expire after 15 minutes.
 */
export class FormDrafts {
  private readonly drafts = new Map<number, { form: FormView; expires: number }>();
  private next = 1;
  save(form: FormView): number {
    const now = Date.now();
    for (const [id, d] of this.drafts) if (d.expires < now) this.drafts.delete(id);
    const id = this.next++;
    this.drafts.set(id, { form, expires: now + 15 * 60_000 });
    return id;
  }
  get(id: number): FormView | undefined {
    const d = this.drafts.get(id);
    return d && d.expires >= Date.now() ? d.form : undefined;
  }
}

const ephemeral = MessageFlags.Ephemeral;

/**
 * Carries out a core reply as the interaction's response. Discord wants exactly one initial
 * response within 3 seconds; a modal must be that first response; slow work defers first.
 */
export async function carryOut(interaction: RepliableInteraction, reply: Reply, drafts: FormDrafts, logger: Logger): Promise<void> {
  const acknowledged = interaction.deferred || interaction.replied;
  switch (reply.kind) {
    case "none":
      if (!acknowledged) {
        if (interaction.isModalSubmit() && interaction.isFromMessage()) await interaction.deferUpdate();
        else await interaction.reply({ content: "Done.", flags: ephemeral });
      }
      return;
    case "update": {
      const message = renderMessage(reply.view);
      const canUpdate = interaction.isButton() || (interaction.isModalSubmit() && interaction.isFromMessage());
      if (canUpdate && !acknowledged) await (interaction as ButtonInteraction).update({ ...message, content: message.content ?? "" });
      else if (acknowledged) await interaction.editReply({ ...message, content: message.content ?? "" });
      else await interaction.reply({ ...message, flags: ephemeral });
      if (reply.privateNote) await interaction.followUp({ ...renderMessage(reply.privateNote), flags: ephemeral });
      return;
    }
    case "private": {
      const message = renderMessage(reply.view);
      if (acknowledged) await interaction.editReply({ ...message, content: message.content ?? "" });
      else await interaction.reply({ ...message, flags: ephemeral });
      return;
    }
    case "form":
      if (acknowledged || interaction.isModalSubmit()) {
        // A modal can only be the first response, and never answers a modal: offer a button instead.
        const draft = drafts.save(reply.form);
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId(reopenId(reply.form, draft)).setLabel(`Open: ${reply.form.title}`.slice(0, 80)).setStyle(ButtonStyle.Primary));
        const payload = { content: "One more step:", components: [row], flags: ephemeral } as const;
        if (acknowledged) await interaction.followUp(payload);
        else await interaction.reply(payload);
        return;
      }
      await interaction.showModal(renderModal(reply.form));
      return;
    case "form_errors": {
      const draft = drafts.save(reply.form);
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId(reopenId(reply.form, draft)).setLabel("Fix and resubmit").setStyle(ButtonStyle.Primary));
      const content = `Please fix:\n${Object.values(reply.errors).map((e) => `• ${e}`).join("\n")}`.slice(0, 2000);
      if (acknowledged) await interaction.followUp({ content, components: [row], flags: ephemeral });
      else await interaction.reply({ content, components: [row], flags: ephemeral });
      return;
    }
    case "deferred": {
      if (!acknowledged) {
        if (reply.visibility === "update" && !interaction.isChatInputCommand()) await interaction.deferUpdate();
        else await interaction.deferReply({ flags: ephemeral });
      }
      const result = await reply.work();
      await carryOut(interaction, result, drafts, logger);
      return;
    }
    case "file": {
      const files = reply.files.slice(0, 10).map((f) => new AttachmentBuilder(f.data, { name: f.name, ...(f.title ? { description: f.title.slice(0, 1024) } : {}) }));
      const content = (reply.view?.text ?? reply.files.map((f) => f.title ?? f.name).join(", ")).slice(0, 2000);
      if (acknowledged) await interaction.followUp({ content, files, flags: ephemeral });
      else await interaction.reply({ content, files, flags: ephemeral });
      return;
    }
    case "choices":
      logger.debug("choices reply outside autocomplete ignored");
      return;
  }
}

/** The reopen button's id names the assignment when the form has one, and the draft. */
function reopenId(form: FormView, draft: number): string {
  const m = /^pw1:[a-z]+:([0-9a-z]+)/.exec(form.formId);
  return encodeAction({ verb: "reopen_form", assignmentId: m ? Number.parseInt(m[1]!, 36) : 0, draftId: draft });
}
