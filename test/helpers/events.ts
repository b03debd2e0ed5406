import type { Action } from "../../src/core/action-ids.js";
import type { ActionInvoked, CommandInvoked, FormSubmitted, Reply } from "../../src/core/events.js";
import type { PlatformName, UserRef } from "../../src/core/platform.js";
import type { FormValues, MessageView } from "../../src/core/views.js";
import { parseAction } from "../../src/core/action-ids.js";

export function user(userId: string, platform: PlatformName = "slack", workspaceId = "T1"): UserRef {
  return { platform, workspaceId, userId, displayName: userId };
}

export function command(who: UserRef, subcommand: string, args: string[] = [], extra: Partial<CommandInvoked> = {}): CommandInvoked {
  return { kind: "command", platform: who.platform, user: who, subcommand, args, receivedAt: new Date(), raw: {}, ...extra };
}

export function action(who: UserRef, act: Action, extra: Partial<ActionInvoked> = {}): ActionInvoked {
  return { kind: "action", platform: who.platform, user: who, action: act, receivedAt: new Date(), raw: {}, ...extra };
}

export function form(who: UserRef, formId: Action, values: FormValues): FormSubmitted {
  return { kind: "form_submitted", platform: who.platform, user: who, form: formId, values, receivedAt: new Date(), raw: {} };
}

/** The view a reply shows (update, private), or throws if it has none. */
export function viewOf(reply: Reply): MessageView {
  if (reply.kind === "update" || reply.kind === "private") return reply.view;
  throw new Error(`reply has no view: ${reply.kind}`);
}

/** Every button action in a view, decoded. */
export function buttonsOf(view: MessageView): Action[] {
  return view.blocks.flatMap((b) => (b.type === "actions" ? b.buttons.map((x) => parseAction(x.actionId)) : []));
}

/** The first button whose decoded action matches `verb` (and choice, if given). */
export function button<V extends Action["verb"]>(
  view: MessageView,
  verb: V,
  pick?: (a: Extract<Action, { verb: V }>) => boolean,
): Extract<Action, { verb: V }> {
  const found = buttonsOf(view).find((a): a is Extract<Action, { verb: V }> => a.verb === verb && (!pick || pick(a as Extract<Action, { verb: V }>)));
  if (!found) throw new Error(`no ${verb} button in view: ${JSON.stringify(buttonsOf(view))}`);
  return found;
}

export function textOf(view: MessageView): string {
  return view.blocks
    .map((b) =>
      b.type === "long_text"
        ? `${b.title}\n${b.text}`
        : "text" in b
          ? b.text
          : b.type === "fields"
            ? b.fields.map((f) => `${f.label}: ${f.value}`).join("\n")
            : "",
    )
    .join("\n");
}
