import { randomInt } from "node:crypto";
import { AttachmentBuilder, ButtonBuilder, ButtonStyle, ActionRowBuilder, MessageFlags } from "discord.js";
import { actionSubject, encodeAction, type FormView, parseAction, type Reply } from "../../src/core/port.js";
import type { Logger } from "../../src/logger.js";
import { renderMessage, renderModal } from "./render.js";
import type { InteractionResponder, ResponsePayload } from "./responder.js";

/** Draft ids are drawn at random below this (2^47: they stay exact in the base-36 action id). */
const DRAFT_ID_RANGE = 2 ** 47;

/**
 * Drafts of forms that came back with errors, kept so the "Fix and resubmit" button can reopen the
 * modal at once with the typed text (a modal must be the first response; there is no time for a
 * lookup elsewhere). Presentation state only; entries expire after 15 minutes.
 *
 * Ids are random, not counted: a counter starts again at 1 after a restart and on every replica, so
 * an old button (or one answered by another replica) would open someone else's typed text. A
 * draft is also given back only for the form it was saved for.
 */
export class FormDrafts {
  private readonly drafts = new Map<number, { form: FormView; expires: number }>();
  save(form: FormView): number {
    const now = Date.now();
    for (const [id, d] of this.drafts) if (d.expires < now) this.drafts.delete(id);
    let id = randomInt(1, DRAFT_ID_RANGE);
    while (this.drafts.has(id)) id = randomInt(1, DRAFT_ID_RANGE);
    this.drafts.set(id, { form, expires: now + 15 * 60_000 });
    return id;
  }
  /** The draft `id` if it is still kept and was saved for a form about `assignmentId` (0: about no assignment). */
  get(id: number, assignmentId: number): FormView | undefined {
    const d = this.drafts.get(id);
    return d && d.expires >= Date.now() && (subjectOf(d.form.formId) ?? 0) === assignmentId ? d.form : undefined;
  }
}

const ephemeral = MessageFlags.Ephemeral;

/**
 * Carries out a core reply as the interaction's response. Discord wants exactly one initial
 * response within 3 seconds; a modal must be that first response; slow work defers first.
 *
 * A deferred reply ("Pairwise is thinking…", type 5) is completed the documented way: by editing
 * the original response (PATCH /webhooks/{application.id}/{token}/messages/@original); follow-ups
 * are for further messages (docs.discord.com/developers/interactions/receiving-and-responding#followup-messages).
 * `thinking` says the original is that placeholder, waiting for its content. After a deferred
 * update (type 6) the original is the clicked message itself, so private answers go as ephemeral
 * follow-ups instead of replacing it.
 *
 * The same code answers interactions from the gateway and from the Interactions Endpoint: the
 * `InteractionResponder` says how each response goes out (see responder.ts).
 */
export async function carryOut(interaction: InteractionResponder, reply: Reply, drafts: FormDrafts, logger: Logger, thinking = false): Promise<void> {
  const acknowledged = interaction.acknowledged;
  /** Sends a message only this user sees: the placeholder's content, else a first reply, else a follow-up. */
  const privately = async (payload: ResponsePayload) => {
    if (thinking) await interaction.editReply({ content: "", embeds: [], components: [], ...payload });
    else if (acknowledged) await interaction.followUp({ ...payload, flags: ephemeral });
    else await interaction.reply({ ...payload, flags: ephemeral });
  };
  switch (reply.kind) {
    case "none":
      if (thinking) await interaction.editReply({ content: "Done.", embeds: [], components: [] });
      else if (!acknowledged) {
        if (interaction.isModalSubmit && interaction.canUpdate) await interaction.deferUpdate();
        else await interaction.reply({ content: "Done.", flags: ephemeral });
      }
      return;
    case "update": {
      const message = renderMessage(reply.view);
      if (interaction.canUpdate && !acknowledged) await interaction.update({ ...message, content: message.content ?? "" });
      else if (acknowledged) await interaction.editReply({ ...message, content: message.content ?? "" });
      else await interaction.reply({ ...message, flags: ephemeral });
      if (reply.privateNote) await interaction.followUp({ ...renderMessage(reply.privateNote), flags: ephemeral });
      // The next card, as a new ephemeral message below the one just updated.
      if (reply.then) await interaction.followUp({ ...renderMessage(reply.then), flags: ephemeral });
      return;
    }
    case "private": {
      const message = renderMessage(reply.view);
      await privately({ ...message, content: message.content ?? "" });
      return;
    }
    case "form":
      if (acknowledged || interaction.isModalSubmit) {
        // A modal can only be the first response, and never answers a modal: offer a button instead.
        const draft = drafts.save(reply.form);
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId(reopenId(reply.form, draft)).setLabel(`Open: ${reply.form.title}`.slice(0, 80)).setStyle(ButtonStyle.Primary),
        );
        await privately({ content: "One more step:", components: [row] });
        return;
      }
      await interaction.showModal(renderModal(reply.form));
      return;
    case "form_errors": {
      const draft = drafts.save(reply.form);
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId(reopenId(reply.form, draft)).setLabel("Fix and resubmit").setStyle(ButtonStyle.Primary),
      );
      const content = `Please fix:\n${Object.values(reply.errors)
        .map((e) => `• ${e}`)
        .join("\n")}`.slice(0, 2000);
      await privately({ content, components: [row] });
      return;
    }
    case "deferred": {
      let placeholder = thinking;
      if (!acknowledged) {
        if (reply.visibility === "update" && !interaction.isCommand) await interaction.deferUpdate();
        else {
          await interaction.deferReply(ephemeral);
          placeholder = true;
        }
      }
      const result = await reply.work();
      await carryOut(interaction, result, drafts, logger, placeholder);
      return;
    }
    case "file": {
      const files = reply.files
        .slice(0, 10)
        .map((f) => new AttachmentBuilder(f.data, { name: f.name, ...(f.title ? { description: f.title.slice(0, 1024) } : {}) }));
      const content = (reply.view?.text ?? reply.files.map((f) => f.title ?? f.name).join(", ")).slice(0, 2000);
      await privately({ content, files });
      // Buttons that go on from the files, as an ephemeral follow-up below them.
      if (reply.then) await interaction.followUp({ ...renderMessage(reply.then), flags: ephemeral });
      return;
    }
    case "choices":
      logger.debug("choices reply outside autocomplete ignored");
      return;
  }
}

/** The reopen button's id names the assignment when the form has one, and the draft. */
function reopenId(form: FormView, draft: number): string {
  return encodeAction({ verb: "reopen_form", assignmentId: subjectOf(form.formId) ?? 0, draftId: draft });
}

/** What a form's id is about, decoded by core's action ids (the one place that knows their format). */
function subjectOf(formId: string): number | undefined {
  try {
    return actionSubject(parseAction(formId));
  } catch {
    // Not an id Pairwise made: the reopen button names no assignment (its draft is what counts).
    return undefined;
  }
}
