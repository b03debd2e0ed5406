import { type InboundHandler, parseAction } from "../../src/core/port.js";
import type { Logger } from "../../src/logger.js";
import { parseAutocomplete, parseButton, parseChatInput, parseModalSubmit, type RawInteraction } from "./parse.js";
import { carryOut, type FormDrafts } from "./reply.js";
import { renderModal } from "./render.js";
import type { InteractionResponder } from "./responder.js";

/** Interaction types (docs.discord.com/developers/interactions/receiving-and-responding#interaction-object-interaction-type). */
export const InteractionType = { Ping: 1, ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;

export interface ServeDeps {
  handler: InboundHandler;
  drafts: FormDrafts;
  logger: Logger;
  /** Downloads a command's attachment, at most `maxBytes`. */
  download: (url: string, maxBytes: number) => Promise<Buffer>;
}

/**
 * One interaction, from its raw payload (Discord's documented shape) to its answer, the same
 * whether it came over the gateway or to the Interactions Endpoint: parsed into a core event,
 * handled, and the core's reply carried out through `responder`. A failure is logged and, if no
 * answer went yet, the user is told nothing was changed.
 */
export async function serveInteraction(raw: RawInteraction, responder: InteractionResponder, deps: ServeDeps): Promise<void> {
  const { handler, drafts, logger } = deps;
  try {
    if (raw.type === InteractionType.Autocomplete) {
      const reply = await handler(parseAutocomplete(raw));
      await responder.autocomplete(reply.kind === "choices" ? reply.choices.slice(0, 25) : []);
      return;
    }
    if (raw.type === InteractionType.ApplicationCommand) {
      const event = parseChatInput(raw, deps.download);
      await carryOut(responder, await handler(event), drafts, logger);
      return;
    }
    // Buttons only (component_type 2), as over the gateway: Pairwise puts no other component in a message.
    if (raw.type === InteractionType.MessageComponent && (raw.data?.component_type ?? 2) === 2) {
      const customId = raw.data?.custom_id ?? "";
      const reopen = reopenDraft(customId, drafts);
      if (reopen === "gone") return void (await responder.reply({ content: DRAFT_GONE, flags: 64 }));
      if (reopen) return void (await responder.showModal(renderModal(reopen)));
      const event = parseButton(raw);
      if (!event) return void (await responder.reply({ content: "This button is not one Pairwise made. Use the latest message.", flags: 64 }));
      await carryOut(responder, await handler(event), drafts, logger);
      return;
    }
    if (raw.type === InteractionType.ModalSubmit) {
      const event = parseModalSubmit(raw);
      if (!event) return void (await responder.reply({ content: "This form is not one Pairwise made.", flags: 64 }));
      await carryOut(responder, await handler(event), drafts, logger);
    }
  } catch (error) {
    logger.error({ err: error, id: raw.id }, "discord interaction failed");
    if (raw.type !== InteractionType.Autocomplete && !responder.acknowledged) {
      await responder.reply({ content: "Something went wrong on our side and nothing was changed. Please try again.", flags: 64 }).catch(() => undefined);
    }
  }
}

/**
 * What a "Fix and resubmit" button's draft became: kept in the memory of the process that answered
 * the form (15 minutes), so after a restart, or on another process behind a load balancer, it is gone.
 */
const DRAFT_GONE =
  "The text of that form is no longer kept here (it is kept for 15 minutes, by the server that answered it). Nothing was saved from it: open the form again from the card.";

/** The draft a "Fix and resubmit" button stands for, "gone" when it is one whose draft is not kept, else undefined. */
function reopenDraft(customId: string, drafts: FormDrafts) {
  try {
    const action = parseAction(customId);
    return action.verb === "reopen_form" ? (drafts.get(action.draftId, action.assignmentId) ?? "gone") : undefined;
  } catch {
    return undefined;
  }
}
